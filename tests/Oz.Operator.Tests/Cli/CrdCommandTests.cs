using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Cli;

public sealed class CrdCommandTests
{
    [Test]
    public async Task PrintsTheAgentTaskAndAgentTaskScheduleCrds()
    {
        var run = await CliRun.InvokeAsync(["crd"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        var names = KubernetesYaml.LoadAllFromString(run.Output)
            .Cast<V1CustomResourceDefinition>()
            .Select(crd => crd.Metadata.Name);
        Assert.That(names, Is.EqualTo(new[] { "agenttasks.oz.warp.dev", "agenttaskschedules.oz.warp.dev" }));
    }
}
