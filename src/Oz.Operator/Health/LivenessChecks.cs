using System.Collections.Concurrent;

namespace Oz.Operator.Health;

/// <summary>
/// Named checks behind /healthz: each says whether the process itself is still doing its job. A
/// failing liveness probe gets the pod restarted, so only wedged states of this process belong here
/// (a loop that died, no progress at all); never the API server's reachability: during a
/// control-plane outage restarting every replica helps nothing. That lives in readiness.
/// </summary>
public sealed class LivenessChecks
{
    private readonly ConcurrentDictionary<string, Func<HealthCheckResult>> checks = new(StringComparer.Ordinal);

    public void Add(string name, Func<HealthCheckResult> check) => checks[name] = check;

    /// <summary>Fails once <paramref name="watchdog"/> has seen no progress for its stall time.</summary>
    public void AddWatchdog(ProgressWatchdog watchdog)
    {
        ArgumentNullException.ThrowIfNull(watchdog);
        Add(ProgressWatchdog.CheckName, watchdog.Check);
    }

    /// <summary>
    /// Fails once <paramref name="loop"/>, which should run for the life of the process, has ended
    /// while <paramref name="stopping"/> has not fired (it crashed or returned early).
    /// </summary>
    public void AddLoop(string name, Task loop, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var check = $"loop-{name}";
        Add(check, () => !loop.IsCompleted || stopping.IsCancellationRequested
            ? new HealthCheckResult(check, true)
            : new HealthCheckResult(check, false, loop.Exception?.GetBaseException().Message ?? "ended"));
    }

    public IReadOnlyList<HealthCheckResult> Run() =>
        [.. checks.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => RunOne(c.Key, c.Value))];

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
