namespace Oz.Testing;

/// <summary>
/// A clock the test moves by hand: UTC now and timestamps move together, so elapsed times measured
/// with <see cref="TimeProvider.GetElapsedTime(long)"/> follow it too. Timers are the system's.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <summary>Starts at a UTC time given as a <see cref="DateTime"/> (its kind is taken as UTC).</summary>
    public ManualClock(DateTime startUtc)
        : this(AsUtc(startUtc))
    {
    }

    /// <summary>The current UTC time; setting it moves the clock (forwards or back).</summary>
    public DateTime Now
    {
        get => now.UtcDateTime;
        set => now = AsUtc(value);
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp() => now.UtcTicks;

    public void Advance(TimeSpan by) => now += by;

    private static DateTimeOffset AsUtc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc), TimeSpan.Zero);
}
