namespace Oz.Operator.Hosting;

/// <summary>
/// One time budget for the whole shutdown (<c>shutdownTimeout</c>), shared by every step, instead of
/// a timeout per step that add up past the pod's grace period. It starts when shutdown starts (SIGTERM,
/// or the end of the leadership term); each step waits at most for what is left, and a step still
/// running when the budget is spent is left behind: the process exits with it.
/// </summary>
public sealed class ShutdownDeadline(TimeSpan budget, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;
    private long endTicks = long.MaxValue;

    /// <summary>The whole budget.</summary>
    public TimeSpan Budget { get; } = budget;

    /// <summary>Whether <see cref="Start"/> has been called.</summary>
    public bool Started => Interlocked.Read(ref endTicks) != long.MaxValue;

    /// <summary>What is left of the budget: all of it before <see cref="Start"/>, never negative.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var end = Interlocked.Read(ref endTicks);
            if (end == long.MaxValue)
            {
                return Budget;
            }

            var left = new DateTimeOffset(end, TimeSpan.Zero) - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>True once the budget is spent.</summary>
    public bool Expired => Started && Remaining == TimeSpan.Zero;

    /// <summary>Starts the clock; later calls keep the first start.</summary>
    public void Start() =>
        Interlocked.CompareExchange(ref endTicks, (time.GetUtcNow() + Budget).UtcTicks, long.MaxValue);

    /// <summary>
    /// Waits for <paramref name="step"/> at most for what is left of the budget (starting it if not
    /// started). True when the step ended in time (however it ended); false when it is still running.
    /// </summary>
    public async Task<bool> WaitAsync(Task step)
    {
        ArgumentNullException.ThrowIfNull(step);
        Start();
        if (!step.IsCompleted)
        {
            var left = Remaining;
            if (left == TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(step, Task.Delay(left, time)).ConfigureAwait(false);
        }

        return step.IsCompleted;
    }
}
