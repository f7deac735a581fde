namespace Oz.Operator.Kubernetes.Queue;

/// <summary>
/// The operator's one backoff: attempt n waits about <c>Initial * Factor^(n-1)</c>, capped at
/// <see cref="Max"/>, spread by ±<see cref="Jitter"/> so that many clients failing together do not
/// retry in lock-step. With <see cref="JitterShortensOnly"/> the spread is only downwards (the delay
/// never exceeds the capped exponential), as the Oz connection's reconnects have it.
/// </summary>
/// <remarks>
/// Stateless: the caller counts the attempts (per key in <see cref="ExponentialRateLimiter{TKey}"/>,
/// per connection in the Oz connection loop) and resets its count after a success.
/// </remarks>
public sealed record JitteredBackoff(TimeSpan Initial, TimeSpan Max, double Factor = 2.0, double Jitter = 0.2, bool JitterShortensOnly = false)
{
    /// <summary>Retries of a failing reconcile: 100 ms doubling up to 5 minutes.</summary>
    public static JitteredBackoff Reconcile { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

    /// <summary>Restarts of a failing watch: 200 ms doubling up to 30 seconds.</summary>
    public static JitteredBackoff Watch { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    /// <param name="attempt">1 for the first retry; 0 or less means no delay.</param>
    /// <param name="random">The jitter's source (<see cref="Random.Shared"/> when null; tests seed one).</param>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        if (attempt < 1)
        {
            return TimeSpan.Zero;
        }

        // Exponent capped so the double never overflows, whatever the attempt count.
        var exponent = Math.Min(attempt - 1, 62);
        var ideal = Math.Min(Initial.TotalMilliseconds * Math.Pow(Factor, exponent), Max.TotalMilliseconds);
        var jitter = Math.Clamp(Jitter, 0, 1);
        var sample = (random ?? Random.Shared).NextDouble();
        var spread = JitterShortensOnly ? 1 - (jitter * sample) : 1 + (jitter * ((sample * 2) - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ideal * spread, Max.TotalMilliseconds));
    }
}
