using Oz.Operator.Hosting;
using Oz.Operator.Tests.Cli;

namespace Oz.Operator.Tests.Preflight;

/// <summary>`oz-operator preflight` through the real command entry point, in-process, against KubeSim.</summary>
public sealed class PreflightCommandTests : TempDirectoryFixture
{
    [Test]
    public async Task APassingClusterExitsWith0AndPrintsTheTable()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);

        var run = await PreflightAsync(cluster);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Output + run.Error);
            Assert.That(run.Output, Does.StartWith("CHECK").And.Contain("preflight-job").And.Contain("Preflight passed."));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task AFailedCheckExitsWith3AndJsonOutputParses()
    {
        await using var cluster = await PreflightCluster.StartAsync(withCrd: false, options: new KubeSimOptions { RunControllers = false });
        await using var controller = new ScriptedJobController(cluster.Sim.Client, PreflightCluster.Namespace, ScriptedJobOutcome.Complete);

        var run = await PreflightAsync(cluster, "--output", "json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.PreflightFailed), run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("passed").GetBoolean(), Is.False);
            Assert.That(checks["agenttask-crd"], Is.EqualTo("failed"));
            Assert.That(checks["api-server"], Is.EqualTo("passed"));
            Assert.That(checks["preflight-job"], Is.EqualTo("passed"));
        });
    }

    [Test]
    public async Task AnUnreachableApiServerExitsWith3()
    {
        var cluster = await PreflightCluster.StartAsync();
        var kubeconfig = Path.Combine(Temp.Path, "kubeconfig");
        cluster.Sim.WriteKubeconfig(kubeconfig);
        await cluster.DisposeAsync();

        var run = await CliRun.InvokeAsync(["preflight", "--kubeconfig", kubeconfig, "--worker-id", "w1", "--namespace", PreflightCluster.Namespace], apiServerTimeout: TimeSpan.FromSeconds(2));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.PreflightFailed), run.Output + run.Error);
        Assert.That(run.Output, Does.Contain("FAIL (Unreachable)").And.Contain("skipped: the API server is unreachable"));
    }

    [TestCase("--namespace", "Not_A_Namespace", TestName = "InvalidConfigurationExitsWith2")]
    [TestCase("--output", "yaml", TestName = "AnUnknownOutputFormatExitsWith2")]
    [TestCase("--timeout", "soon", TestName = "AnInvalidTimeoutExitsWith2")]
    public async Task InvalidInputExitsWith2BeforeTouchingTheCluster(string flag, string value)
    {
        await using var cluster = await PreflightCluster.StartAsync();

        var run = await PreflightAsync(cluster, flag, value);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InvalidConfiguration), run.Output + run.Error);
        Assert.That(cluster.Sim.RequestLog.Entries, Is.Empty);
    }

    private async Task<CliRun> PreflightAsync(PreflightCluster cluster, params string[] extra)
    {
        var kubeconfig = Path.Combine(Temp.Path, "kubeconfig");
        cluster.Sim.WriteKubeconfig(kubeconfig);
        return await CliRun.InvokeAsync(
            ["preflight", "--kubeconfig", kubeconfig, "--worker-id", "w1", "--namespace", PreflightCluster.Namespace, "--timeout", "5s", .. extra]);
    }
}
