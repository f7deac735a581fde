namespace Oz.Operator.Health;

/// <summary>
/// Proves the process still makes progress: <see cref="RunAsync"/> beats every
/// <see cref="Interval"/> on the thread pool, and <see cref="Check"/> fails when no beat has come
/// for <see cref="StallAfter"/> (a starved thread pool, a deadlock, a process that stopped
/// scheduling work). It never waits on the API server, so an API-server outage cannot trip it.
/// </summary>
public sealed class ProgressWatchdog
{
    /// <summary>Name of the liveness check.</summary>
    public const string CheckName = "progress";

    private readonly TimeProvider time;
    private long lastBeatTicks;

    public ProgressWatchdog(TimeSpan stallAfter, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallAfter, TimeSpan.Zero);
        time = timeProvider ?? TimeProvider.System;
        StallAfter = stallAfter;
        Interval = stallAfter / 6;
        Beat();
    }

    /// <summary>No beat for this long fails the check.</summary>
    public TimeSpan StallAfter { get; }

    /// <summary>Time between two beats of <see cref="RunAsync"/>.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Records progress now.</summary>
    public void Beat() => Interlocked.Exchange(ref lastBeatTicks, time.GetUtcNow().UtcTicks);

    /// <summary>Beats every <see cref="Interval"/> until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Beat();
            try
            {
                await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public HealthCheckResult Check()
    {
        var last = new DateTimeOffset(Interlocked.Read(ref lastBeatTicks), TimeSpan.Zero);
        var silent = time.GetUtcNow() - last;
        return silent > StallAfter
            ? new HealthCheckResult(CheckName, false, $"no progress for {silent.TotalSeconds:0}s (last beat {last:O}): the process is wedged")
            : new HealthCheckResult(CheckName, true);
    }
}
