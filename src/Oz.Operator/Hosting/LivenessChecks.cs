using System.Collections.Concurrent;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Hosting;

/// <summary>
/// Named checks behind /healthz: each says whether the process is still doing its job. A failing
/// liveness probe gets the pod restarted, so only wedged states belong here, not passing trouble.
/// </summary>
public sealed class LivenessChecks(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Func<HealthCheckResult>> checks = new(StringComparer.Ordinal);

    public void Add(string name, Func<HealthCheckResult> check) => checks[name] = check;

    /// <summary>Fails while <paramref name="informer"/>'s list/watch has been failing for longer than <paramref name="threshold"/>.</summary>
    public void AddInformer(IInformer informer, TimeSpan threshold)
    {
        var name = $"informer-{informer.Name}";
        Add(name, () => informer.FailingSince is { } since && time.GetUtcNow() - since > threshold
            ? new HealthCheckResult(name, false, $"list/watch failing since {since:O}")
            : new HealthCheckResult(name, true));
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
