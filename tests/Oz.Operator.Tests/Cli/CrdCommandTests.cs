using k8s;
using k8s.Models;
using Oz.Operator.Cli;

namespace Oz.Operator.Tests.Cli;

public sealed class CrdCommandTests
{
    [Test]
    [Category("NeedsCrdGenerator")]
    public async Task PrintsTheAgentTaskCrd()
    {
        var run = await CliRun.InvokeAsync(["crd"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(run.Output);
        Assert.That((crd.Kind, crd.Metadata.Name), Is.EqualTo(("CustomResourceDefinition", "agenttasks.oz.warp.dev")));
    }
}
