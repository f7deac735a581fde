using System.Collections.Concurrent;

namespace Oz.Operator.Hosting;

/// <summary>
/// Named conditions that must all hold before the replica reports ready on /readyz. Components
/// register their gate at startup (<see cref="Require"/>) and open it when done (<see cref="Open"/>).
/// </summary>
public sealed class ReadinessGates
{
    /// <summary>The startup preflight checks passed.</summary>
    public const string Preflight = "preflight";

    /// <summary>Every informer has completed its first list.</summary>
    public const string CachesSynced = "caches-synced";

    /// <summary>The leader election is running and has seen the Lease (standbys are ready too).</summary>
    public const string LeaderElection = "leader-election";

    private readonly ConcurrentDictionary<string, HealthCheckResult> gates = new(StringComparer.Ordinal);

    /// <summary>True when every registered gate is open (also when none is registered).</summary>
    public bool IsReady => gates.Values.All(g => g.Healthy);

    /// <summary>Registers <paramref name="name"/> as a closed gate, unless it is already registered.</summary>
    public void Require(string name, string reason = "not yet") =>
        gates.TryAdd(name, new HealthCheckResult(name, false, reason));

    public void Open(string name) => gates[name] = new HealthCheckResult(name, true);

    /// <summary>Closes (or registers closed) <paramref name="name"/>, with the reason shown on /readyz.</summary>
    public void Close(string name, string reason) => gates[name] = new HealthCheckResult(name, false, reason);

    public IReadOnlyList<HealthCheckResult> Snapshot() => [.. gates.Values.OrderBy(g => g.Name, StringComparer.Ordinal)];
}
