using Oz.Operator.Kubernetes.Election;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Health;

/// <summary>Wiring of the standard gates to the machinery that opens them.</summary>
public static class ReadinessGatesExtensions
{
    /// <summary>Closes <see cref="ReadinessGates.CachesSynced"/> now and opens it once every informer has listed.</summary>
    public static async Task OpenWhenSyncedAsync(this ReadinessGates gates, IEnumerable<IInformer> informers, CancellationToken cancellationToken)
    {
        var all = informers.ToList();
        gates.Close(ReadinessGates.CachesSynced, $"waiting for {string.Join(", ", all.Select(i => i.Name))}");
        await Task.WhenAll(all.Select(i => i.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
        gates.Open(ReadinessGates.CachesSynced);
    }

    /// <summary>
    /// Fails readiness while <paramref name="informer"/>'s list/watch has been failing for longer than
    /// <paramref name="threshold"/> (the API server unreachable: the cache goes stale). Readiness, not
    /// liveness: restarting the process would not bring the API server back.
    /// </summary>
    public static void TrackInformer(this ReadinessGates gates, IInformer informer, TimeSpan threshold, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(gates);
        ArgumentNullException.ThrowIfNull(informer);
        var time = timeProvider ?? TimeProvider.System;
        var name = $"informer-{informer.Name}";
        gates.AddCheck(name, () => informer.FailingSince is { } since && time.GetUtcNow() - since > threshold
            ? new HealthCheckResult(name, false, $"list/watch failing since {since:O}")
            : new HealthCheckResult(name, true));
    }

    /// <summary>Closes <see cref="ReadinessGates.LeaderElection"/> until <paramref name="election"/> has seen the Lease.</summary>
    public static void TrackElection(this ReadinessGates gates, LeaderElection election)
    {
        gates.Require(ReadinessGates.LeaderElection, "lease not observed yet");
        election.Observed += () => gates.Open(ReadinessGates.LeaderElection);
        if (election.Leader is not null)
        {
            gates.Open(ReadinessGates.LeaderElection);
        }
    }
}
