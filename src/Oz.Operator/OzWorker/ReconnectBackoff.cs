namespace Oz.Operator.OzWorker;

/// <summary>
/// Exponential reconnect delays: initial, doubling, capped; each reduced by a random share of
/// up to <c>jitter</c> so that many workers restarted together spread out. Reset after a
/// successful connect.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public ReconnectBackoff(OzConnectionOptions options, Random? random = null)
        : this(options.InitialReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter, random)
    {
    }

    /// <summary>The delay before the next attempt; each call doubles the base (up to the cap).</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_attempt, 30);
        _attempt++;
        var baseTicks = Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent));
        var factor = 1 - (Math.Clamp(jitter, 0, 1) * _random.NextDouble());
        return TimeSpan.FromTicks((long)(baseTicks * factor));
    }

    public void Reset() => _attempt = 0;
}
