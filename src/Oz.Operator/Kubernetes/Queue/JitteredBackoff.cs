namespace Oz.Operator.Kubernetes.Queue;

/// <summary>
/// Exponential backoff with jitter: attempt n waits about <c>Initial * Factor^(n-1)</c>, capped at
/// <see cref="Max"/>, spread by ±<see cref="Jitter"/> so that many clients failing together do not
/// retry in lock-step.
/// </summary>
public sealed record JitteredBackoff(TimeSpan Initial, TimeSpan Max, double Factor = 2.0, double Jitter = 0.2)
{
    /// <summary>Retries of a failing reconcile: 100 ms doubling up to 5 minutes.</summary>
    public static JitteredBackoff Reconcile { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));

    /// <summary>Restarts of a failing watch: 200 ms doubling up to 30 seconds.</summary>
    public static JitteredBackoff Watch { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        if (attempt < 1)
        {
            return TimeSpan.Zero;
        }

        // Exponent capped so the double never overflows, whatever the attempt count.
        var exponent = Math.Min(attempt - 1, 62);
        var ideal = Math.Min(Initial.TotalMilliseconds * Math.Pow(Factor, exponent), Max.TotalMilliseconds);
        var spread = 1 + (Jitter * ((Random.Shared.NextDouble() * 2) - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ideal * spread, Max.TotalMilliseconds));
    }
}
