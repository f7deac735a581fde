using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Cli;

public sealed class RunCommandTests : TempDirectoryFixture
{
    [Test]
    public async Task UnreachableApiServerExitsWith1NamingTheServerQuickly()
    {
        var server = $"http://127.0.0.1:{FakeApiServer.FreePort()}";
        var kubeconfig = Temp.Write("kubeconfig", FakeApiServer.Kubeconfig(server));
        var clock = Stopwatch.StartNew();

        var run = await CliRun.InvokeAsync(["run", "--worker-id", "w", "--kubeconfig", kubeconfig]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.RuntimeError));
        Assert.That(run.Error, Does.Contain($"cannot reach the Kubernetes API server at {server}"));
        // "Quickly" tells giving up at the first refused connection from retrying or waiting on a
        // connect timeout (100 s for an HTTP client); 30 s leaves a loaded 2-core machine room to
        // start the host, where 5 s did not.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task NoKubeconfigAnywhereIsAClearErrorNotLocalhost8080()
    {
        // HOME is an empty directory, KUBECONFIG and KUBERNETES_SERVICE_HOST are unset.
        var environment = new Dictionary<string, string> { ["HOME"] = Temp.Path, ["OZ_WORKER_ID"] = "w" };

        var run = await CliRun.InvokeAsync(["run"], environment);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.RuntimeError));
        Assert.That(run.Error, Does.Contain("no Kubernetes configuration found").And.Not.Contain("localhost:8080"));
    }

    [Test]
    public async Task KubeconfigVariableIsHonoured()
    {
        var server = $"http://127.0.0.1:{FakeApiServer.FreePort()}";
        var kubeconfig = Temp.Write("from-variable", FakeApiServer.Kubeconfig(server));

        var run = await CliRun.InvokeAsync(["run", "--worker-id", "w"], new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig, ["HOME"] = Temp.Path });

        Assert.That(run.Error, Does.Contain(server).And.Contain("KUBECONFIG file"));
    }

    [Test]
    public async Task MissingExplicitKubeconfigIsAnError()
    {
        var run = await CliRun.InvokeAsync(["run", "--worker-id", "w", "--kubeconfig", Path.Combine(Temp.Path, "absent")]);

        Assert.That((run.ExitCode, run.Error.Contains("does not exist", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.RuntimeError, true)));
    }

    [Test]
    public async Task InvalidConfigurationNeverContactsTheApiServer()
    {
        using var api = new FakeApiServer();
        var kubeconfig = Temp.Write("kubeconfig", FakeApiServer.Kubeconfig(api.Url));

        var run = await CliRun.InvokeAsync(["run", "--worker-id", "warp-1", "--kubeconfig", kubeconfig]);

        Assert.That((run.ExitCode, api.Requests), Is.EqualTo((ExitCodes.InvalidConfiguration, 0)));
    }

    [Test]
    public async Task AgainstAClusterRunConnectsPassesPreflightLeadsAndExits0WhenCancelled()
    {
        // The real host behind `run` needs a cluster that passes preflight: the simulator with the CRD.
        await using var sim = await Oz.KubeSim.KubeSimServer.StartAsync(new Oz.KubeSim.KubeSimOptions { ClockSpeed = 10 });
        sim.LoadYaml(Oz.Crds.Generation.CrdGenerator.GenerateAllYaml());
        var kubeconfig = Path.Combine(Temp.Path, "kubeconfig");
        sim.WriteKubeconfig(kubeconfig);
        using var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var stop = new CancellationTokenSource();

        var running = CliRun.InvokeAsync(["--worker-id", "w", "--kubeconfig", kubeconfig, "--health-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)], loggerFactory: loggerFactory, cancellationToken: stop.Token);
        await Eventually.Until(() => logs.Messages.Any(m => m.Contains("started leading", StringComparison.Ordinal)) || running.IsCompleted, "the operator to lead, or run to end");

        Assert.That(running.IsCompleted, Is.False, () => $"run ended early: {running.Result}");
        Assert.That(logs.Messages, Has.Some.StartsWith($"Connected to {sim.Url}"));
        Assert.That(logs.Messages, Has.Some.Contains("started leading"));
        await stop.CancelAsync();
        var run = await Eventually.Within(running, "run to exit once cancelled");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task CancellationDuringTheApiServerCheckExits0()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var kubeconfig = Temp.Write("kubeconfig", FakeApiServer.Kubeconfig("http://127.0.0.1:1"));

        var run = await CliRun.InvokeAsync(["run", "--worker-id", "w", "--kubeconfig", kubeconfig], cancellationToken: stop.Token);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
    }
}
