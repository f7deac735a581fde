using System.Collections.Concurrent;

namespace Oz.Operator.Kubernetes.Queue;

/// <summary>
/// Per-key failure counting for <see cref="WorkQueue{TKey}.AddRateLimited"/>: each failure of a key
/// doubles its next delay until <see cref="Forget"/> (a success) resets it.
/// </summary>
public sealed class ExponentialRateLimiter<TKey>(JitteredBackoff backoff)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> failures = new();

    public ExponentialRateLimiter()
        : this(JitteredBackoff.Reconcile)
    {
    }

    /// <summary>Records one more failure of <paramref name="key"/> and returns how long to wait.</summary>
    public TimeSpan When(TKey key) => backoff.Delay(failures.AddOrUpdate(key, 1, (_, n) => n == int.MaxValue ? n : n + 1));

    /// <summary>Failures recorded since the last <see cref="Forget"/>.</summary>
    public int NumRequeues(TKey key) => failures.TryGetValue(key, out var n) ? n : 0;

    /// <summary>Clears the failure history of <paramref name="key"/>.</summary>
    public void Forget(TKey key) => failures.TryRemove(key, out _);
}
