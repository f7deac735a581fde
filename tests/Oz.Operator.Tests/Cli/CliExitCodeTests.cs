using Oz.Operator.Cli;
using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Cli;

public sealed class CliExitCodeTests : TempDirectoryFixture
{
    private static IEnumerable<TestCaseData> ConfigReadingCommands()
    {
        yield return new TestCaseData((object)Array.Empty<string>()).SetName("no command (run)");
        yield return new TestCaseData((object)new[] { "run" }).SetName("run");
        yield return new TestCaseData((object)new[] { "render", "--task", "task.yaml" }).SetName("render");
    }

    [TestCaseSource(nameof(ConfigReadingCommands))]
    public async Task InvalidConfigurationExitsWith2AndListsEveryProblem(string[] command)
    {
        var config = Temp.Write("config.yaml", "workerId: warp-1\nnamespace: Bad\nmaxConcurrentTasks: x\n");

        var run = await CliRun.InvokeAsync([.. command, "--config", config, "--oz-websocket-url", "http://oz"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InvalidConfiguration));
        Assert.That(run.Error, Does.Contain("invalid configuration (4 problems)")
            .And.Contain("workerId (line 1, col 1)")
            .And.Contain("namespace (line 2, col 1)")
            .And.Contain("maxConcurrentTasks (line 3, col 21)")
            .And.Contain("oz.webSocketUrl (--oz-websocket-url)"));
    }

    [Test]
    public async Task MissingConfigFileExitsWith2()
    {
        var run = await CliRun.InvokeAsync(["run", "--config", Path.Combine(Temp.Path, "absent.yaml")]);

        Assert.That((run.ExitCode, run.Error), Is.EqualTo((ExitCodes.InvalidConfiguration, run.Error)));
        Assert.That(run.Error, Does.Contain("cannot read configuration file").And.Contain("absent.yaml"));
    }

    [Test]
    public async Task ProgramMainReturnsTheCommandsExitCode()
    {
        var exitCode = await Program.Main(["run", "--config", Path.Combine(Temp.Path, "absent.yaml")]);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidConfiguration));
    }

    [TestCase("frobnicate")]
    [TestCase("--worker-id", "w", "version")]
    [TestCase("run", "--no-such-flag")]
    [TestCase("render")]
    public async Task UsageErrorsExitWith2(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InvalidConfiguration));
        Assert.That(run.Error, Does.Contain("oz-operator --help"));
    }

    [Test]
    public async Task HelpListsTheCommands()
    {
        var run = await CliRun.InvokeAsync(["--help"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok));
        Assert.That(run.Output, Does.Contain("run").And.Contain("render").And.Contain("crd").And.Contain("version"));
    }

    [Test]
    public async Task VersionPrintsOperatorRuntimeAndClientVersions()
    {
        var run = await CliRun.InvokeAsync(["version"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok));
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.Match(@"^oz-operator \d+\.\d+\.\d+"));
        Assert.That(lines[1], Does.StartWith("commit: "));
        Assert.That(lines[2], Does.StartWith("runtime: .NET 10."));
        Assert.That(lines[3], Is.EqualTo("KubernetesClient: 21.0.8"));
    }

    [TestCase("1.0.0+abc123", "1.0.0", "abc123")]
    [TestCase("1.2.3", "1.2.3", null)]
    public void VersionAndCommitAreSplitAtThePlus(string informational, string version, string? commit) =>
        Assert.That(VersionCommand.Split(informational), Is.EqualTo((version, commit)));
}
