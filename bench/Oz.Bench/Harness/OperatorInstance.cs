using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Oz.Operator.Configuration;
using Oz.Operator.Hosting;
using Oz.Operator.Kubernetes;

namespace Oz.Bench.Harness;

/// <summary>
/// The real operator host (<see cref="OperatorHost"/>: informers, leader election, health, preflight
/// call site, controller, Oz bridge — Oz off, no API key) in this process, against the simulator.
/// Stopping it cancels the host, as SIGTERM would.
/// </summary>
public sealed class OperatorInstance : IAsyncDisposable
{
    /// <summary>The same identity on every start: a restarted container of the same pod.</summary>
    public const string Identity = "oz-operator-bench-0";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource running = new();
    private readonly Task<int> host;

    private OperatorInstance(OperatorComponents components, ILoggerFactory loggers)
    {
        Components = components;
        host = Task.Run(() => OperatorHost.RunAsync(components, loggers, running.Token));
    }

    public OperatorComponents Components { get; }

    /// <summary>Options the bench runs the operator with: one namespace, health on a free port, leader election on.</summary>
    public static OperatorOptions DefaultOptions { get; } = new()
    {
        WorkerId = "bench",
        Namespace = SimulatorHost.Namespace,
        Telemetry = new TelemetryOptions { HealthPort = 0, MetricsPort = 0 },
    };

    public static OperatorInstance Start(SimulatorHost sim, OperatorOptions? options = null, ILoggerFactory? loggers = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var connection = new KubernetesConnection(sim.OperatorConfiguration, "kubesim");
        var components = OperatorComponents.Create(options ?? DefaultOptions, connection, loggers, Environment);
        return new OperatorInstance(components, loggers);
    }

    /// <summary>True once the three caches are filled.</summary>
    public bool Synced => Components.Tasks.Informers.All(i => i.HasSynced);

    /// <summary>Waits until the caches are filled and this instance holds the Lease.</summary>
    public async Task WaitReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!(Synced && Components.Election.IsLeader))
        {
            if (host.IsCompleted)
            {
                throw new InvalidOperationException($"the operator host exited early with code {await host}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the operator was not synced and leading within {limit}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Keys waiting in the work queue (ready now, not the delayed ones).</summary>
    public int QueueLength => Components.Tasks.Controller.Queue.Length;

    /// <summary>Cancels the host and waits for it to stop (at most 30 s); returns its exit code, or null if it did not stop.</summary>
    public async Task<int?> StopAsync()
    {
        await running.CancelAsync();
        try
        {
            return await host.WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            // Stopped while still starting (the host lets the health server's start throw): stopped all the same.
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!host.IsCompleted)
        {
            await StopAsync();
        }

        await Components.DisposeAsync();
        running.Dispose();
    }

    /// <summary>POD_NAME fixes the identity; no WARP_API_KEY, so the Oz connection stays off.</summary>
    private static string? Environment(string name) => name == "POD_NAME" ? Identity : null;
}
