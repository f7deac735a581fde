using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Oz.Operator.Cli;
using Oz.Operator.K3sTests.Cluster;

namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>
/// The operator as users run it (`oz-operator run`), in-process through the CLI entry point, with
/// the K3s kubeconfig file. Stopping it is what SIGTERM does: the command's token is cancelled.
/// </summary>
public sealed class OperatorRun : IAsyncDisposable
{
    public const string WorkerId = "k3s-e2e";

    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _output = new();
    private readonly Task<int> _run;
    private readonly ILoggerFactory _loggers;

    private OperatorRun(IReadOnlyList<string> args)
    {
        var writer = TextWriter.Synchronized(_output);
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(new TextWriterLoggerProvider(writer)));
        var context = new CliContext(writer, writer, new Dictionary<string, string>())
        {
            HandleTerminationSignals = false,

            // The operator's log (each preflight check, API errors) goes into Output, not the console.
            LoggerFactory = _loggers,
        };
        _run = Task.Run(() => OzCli.InvokeAsync([.. args], context, _stop.Token));
    }

    /// <summary>What the CLI wrote to stdout and stderr so far, and every log line (for failure messages).</summary>
    public string Output => _output.ToString();

    /// <summary>Whether the operator has ended (it never should while a test waits on it).</summary>
    public bool HasExited => _run.IsCompleted;

    /// <summary>Fails the test at once when the operator has ended: no wait can succeed after that.</summary>
    public void AssertRunning()
    {
        if (_run.IsCompleted)
        {
            var code = _run.IsCompletedSuccessfully ? _run.Result.ToString(CultureInfo.InvariantCulture) : $"an exception ({_run.Exception?.GetBaseException().Message})";
            Assert.Fail($"the operator exited with {code}; output:\n{Output}");
        }
    }

    /// <summary>
    /// Starts the operator for <paramref name="ns"/> with the fake agent's setup command (the
    /// preflight Job keeps its setup container but does not run the command) and no
    /// leader election (each fixture has its own operator); <paramref name="extraArgs"/> are added.
    /// Several operators share this process, so each gets a free health port and no metrics listener.
    /// </summary>
    public static OperatorRun Start(K3sCluster cluster, string ns, params string[] extraArgs) => new(
    [
        "run",
        "--kubeconfig", cluster.KubeconfigPath,
        "--namespace", ns,
        "--worker-id", WorkerId,
        "--leader-election", "false",
        "--setup-command", FakeAgent.SetupCommand,
        "--health-port", FreeTcpPort().ToString(CultureInfo.InvariantCulture),
        "--metrics-exporter", "none",
        .. extraArgs,
    ]);

    /// <summary>Runs a command that ends by itself (e.g. preflight); returns its exit code and everything it wrote.</summary>
    public static async Task<(int Code, string Output)> RunToEndAsync(IReadOnlyList<string> args)
    {
        await using var output = new StringWriter();
        var writer = TextWriter.Synchronized(output);
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(new TextWriterLoggerProvider(writer)));
        var context = new CliContext(writer, writer, new Dictionary<string, string>()) { HandleTerminationSignals = false, LoggerFactory = loggers };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var code = await OzCli.InvokeAsync([.. args], context, timeout.Token);
        return (code, output.ToString());
    }

    /// <summary>Cancels the run and returns its exit code; fails the test if it does not stop in time.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            return await _run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the operator did not stop within 30 s; output:\n{Output}");
            throw;
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await _stop.CancelAsync();
            // Bounded: a run that will not stop is reported by its test, not waited for forever.
            await Task.WhenAny(_run, Task.Delay(TimeSpan.FromSeconds(30)));
        }

        _stop.Dispose();
        _loggers.Dispose();
        await _output.DisposeAsync();
    }
}
