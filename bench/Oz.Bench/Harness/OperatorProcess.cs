using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Oz.Bench.Measurement;

namespace Oz.Bench.Harness;

/// <summary>
/// The published oz-operator running as its own process against the bench's simulator, started
/// as the container image starts it (workstation GC, <c>run</c> with flags), with the bench's
/// startup hook loaded to read its GC figures. Its output goes to a log file next to the JSON.
/// </summary>
public sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly Process process;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private OperatorProcess(Process process, int healthPort, string probeFile, string logFile, DateTime startedAt)
    {
        this.process = process;
        HealthPort = healthPort;
        ProbeFile = probeFile;
        LogFile = logFile;
        StartedAt = startedAt;
    }

    public int Pid => process.Id;

    public int HealthPort { get; }

    /// <summary>Where the startup hook writes the process's GC figures.</summary>
    public string ProbeFile { get; }

    public string LogFile { get; }

    public DateTime StartedAt { get; }

    public bool HasExited => process.HasExited;

    /// <param name="binary">The oz-operator executable.</param>
    /// <param name="kubeconfig">A kubeconfig with the operator's identity on the simulator.</param>
    /// <param name="workDir">Where the probe file and the operator's log go.</param>
    /// <param name="environment">Extra variables (runtime settings to compare, e.g. DOTNET_TieredPGO=0).</param>
    public static OperatorProcess Start(string binary, string kubeconfig, string workDir, IReadOnlyDictionary<string, string> environment)
    {
        Directory.CreateDirectory(workDir);
        var healthPort = FreePort();
        var metricsPort = FreePort();
        var probeFile = Path.Combine(workDir, "operator-probe.txt");
        var logFile = Path.Combine(workDir, "operator.log");
        File.Delete(probeFile);
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                "run", "--worker-id", "bench", "--namespace", SimulatorHost.Namespace, "--kubeconfig", kubeconfig,
                "--health-port", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--log-format", "json",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        // As the Dockerfile sets them: the image runs with workstation GC.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["POD_NAME"] = OperatorInstance.Identity;
        start.Environment["POD_NAMESPACE"] = SimulatorHost.Namespace;
        start.Environment.Remove("WARP_API_KEY");
        start.Environment["DOTNET_STARTUP_HOOKS"] = RuntimeProbe.HookAssembly;
        start.Environment["OZ_BENCH_PROBE_FILE"] = probeFile;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var startedAt = DateTime.UtcNow;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var gate = new object();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        return new OperatorProcess(process, healthPort, probeFile, logFile, startedAt);

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The process ended while its last lines were on their way.
                }
            }
        }
    }

    /// <summary>Waits until /readyz answers 200 (preflight passed, caches synced, leading); throws with the log's tail if the process ends first.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the operator exited with code {process.ExitCode} before it was ready:\n{Tail()}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}/readyz"), cancellationToken);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return DateTime.UtcNow - StartedAt;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer on a loaded machine: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the operator was not ready within {limit}:\n{Tail()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGTERM, as the kubelet stops a container; returns the exit code, or null if it did not stop within 30 s (then it is killed).</summary>
    public async Task<int?> StopAsync()
    {
        if (process.HasExited)
        {
            return process.ExitCode;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
    }

    /// <summary>The last lines of the operator's output.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process.Dispose();
        http.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
