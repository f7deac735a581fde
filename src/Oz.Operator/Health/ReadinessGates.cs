using System.Collections.Concurrent;

namespace Oz.Operator.Health;

/// <summary>
/// Named conditions that must all hold before the replica reports ready on /readyz. Components
/// register their gate at startup (<see cref="Require"/>) and open it when done (<see cref="Open"/>);
/// live conditions (an informer that cannot reach the API server) are checks asked on each probe
/// (<see cref="AddCheck"/>). A failing readiness probe only takes the replica out of Service
/// endpoints; it never restarts it.
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
    private readonly ConcurrentDictionary<string, Func<HealthCheckResult>> checks = new(StringComparer.Ordinal);

    /// <summary>True when every registered gate is open and every check passes (also when none is registered).</summary>
    public bool IsReady => Snapshot().All(g => g.Healthy);

    /// <summary>Registers <paramref name="name"/> as a closed gate, unless it is already registered.</summary>
    public void Require(string name, string reason = "not yet") =>
        gates.TryAdd(name, new HealthCheckResult(name, false, reason));

    public void Open(string name) => gates[name] = new HealthCheckResult(name, true);

    /// <summary>Closes (or registers closed) <paramref name="name"/>, with the reason shown on /readyz.</summary>
    public void Close(string name, string reason) => gates[name] = new HealthCheckResult(name, false, reason);

    /// <summary>Adds a condition asked on every probe; one that throws counts as failing with its message.</summary>
    public void AddCheck(string name, Func<HealthCheckResult> check) => checks[name] = check;

    public IReadOnlyList<HealthCheckResult> Snapshot() =>
        [.. gates.Values.Concat(checks.Select(c => RunOne(c.Key, c.Value))).OrderBy(g => g.Name, StringComparer.Ordinal)];

    private static HealthCheckResult RunOne(string name, Func<HealthCheckResult> check)
    {
        try
        {
            return check();
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(name, false, ex.Message);
        }
    }
}
