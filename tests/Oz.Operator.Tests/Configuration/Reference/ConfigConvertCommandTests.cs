using Oz.Operator.Hosting;
using Oz.Operator.Tests.Cli;

namespace Oz.Operator.Tests.Configuration.Reference;

/// <summary>`oz-operator config convert` prints an oz-agent-worker file in the native format, with the same meaning.</summary>
public sealed class ConfigConvertCommandTests : TempDirectoryFixture
{
    [Test]
    public async Task PrintsTheLegacyGenerationFileInTheNativeFormat()
    {
        var run = await CliRun.InvokeAsync(["config", "convert", Temp.Write("worker.yaml", ReferenceConfigFiles.LegacyGeneration)]);

        Assert.That((run.ExitCode, run.Error), Is.EqualTo((ExitCodes.Ok, "")));
        Assert.That(run.Output, Is.EqualTo(ReferenceConfigFiles.LegacyGenerationConverted));
    }

    [TestCase(nameof(ReferenceConfigFiles.LegacyGeneration))]
    [TestCase(nameof(ReferenceConfigFiles.NewerGeneration))]
    public async Task ConvertedFileLoadsToTheSameOptionsAsTheOriginal(string name)
    {
        var original = (string)typeof(ReferenceConfigFiles).GetField(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;
        var originalFile = Temp.Write("worker.yaml", original);
        var run = await CliRun.InvokeAsync(["config", "convert", originalFile]);
        var environment = new Dictionary<string, string> { ["GITHUB_HOST"] = "github.example.com" };

        var fromOriginal = ConfigurationLoader.Load(originalFile, environment, ParsedFlags.Empty).Options!;
        var fromConverted = ConfigurationLoader.Load(Temp.Write("native.yaml", run.Output), environment, ParsedFlags.Empty, ConfigFileFormat.Native).Options!;

        Assert.That(k8s.KubernetesYaml.Serialize(fromConverted.PodTemplate), Is.EqualTo(k8s.KubernetesYaml.Serialize(fromOriginal.PodTemplate)));
        Assert.That(fromConverted with { PodTemplate = null, Env = [], ExtraLabels = fromOriginal.ExtraLabels, ExtraAnnotations = fromOriginal.ExtraAnnotations, CodingCliSidecars = fromOriginal.CodingCliSidecars, TaskPod = fromOriginal.TaskPod, PreflightResources = fromOriginal.PreflightResources },
            Is.EqualTo(fromOriginal with { PodTemplate = null, Env = [] }));
        Assert.That(k8s.KubernetesJson.Serialize(fromConverted.PreflightResources), Is.EqualTo(k8s.KubernetesJson.Serialize(fromOriginal.PreflightResources)));
        Assert.That(fromConverted.Env, Is.EqualTo(fromOriginal.Env));
        Assert.That(fromConverted.ExtraLabels, Is.EqualTo(fromOriginal.ExtraLabels));
        Assert.That(fromConverted.CodingCliSidecars, Is.EqualTo(fromOriginal.CodingCliSidecars));
        Assert.That(k8s.KubernetesJson.Serialize(fromConverted.TaskPod), Is.EqualTo(k8s.KubernetesJson.Serialize(fromOriginal.TaskPod)));
    }

    [Test]
    public async Task FileWithProblemsIsNotConvertedAndEveryProblemIsListed()
    {
        var run = await CliRun.InvokeAsync(["config", "convert", Temp.Write("worker.yaml", "worker_id: w\none_shot: true\nbackend:\n  docker: {}\n")]);

        Assert.That((run.ExitCode, run.Output), Is.EqualTo((ExitCodes.InvalidConfiguration, "")));
        Assert.That(run.Error, Does.Contain("2 problems").And.Contain("one_shot (line 2").And.Contain("backend.docker (line 4"));
    }

    [Test]
    public async Task RenderAcceptsTheReferenceFileUnchanged()
    {
        var task = Temp.Write("task.yaml", """
            apiVersion: oz.warp.dev/v1alpha1
            kind: AgentTask
            metadata:
              name: t
            spec:
              taskId: t1
              image: ubuntu:22.04
            """);

        var run = await CliRun.InvokeAsync(["render", "--task", task, "--config", Temp.Write("worker.yaml", ReferenceConfigFiles.LegacyGeneration)],
            new Dictionary<string, string> { ["GITHUB_HOST"] = "github.example.com" });

        Assert.That(run.Error, Is.Empty);
        Assert.That(run.Output, Does.Contain("serviceAccountName: oz-task").And.Contain("value: github.example.com").And.Contain("namespace: oz-tasks"));
    }

    [Test]
    public async Task UnknownConfigFormatIsRefused()
    {
        var run = await CliRun.InvokeAsync(["render", "--task", "t.yaml", "--worker-id", "w", "--config-format", "toml"]);

        Assert.That((run.ExitCode, run.Error.Contains("--config-format: 'toml' is not one of auto, native, reference", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.InvalidConfiguration, true)));
    }
}
