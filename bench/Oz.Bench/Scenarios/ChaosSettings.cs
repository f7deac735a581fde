namespace Oz.Bench.Scenarios;

/// <summary>How a chaos run is shaken.</summary>
public sealed record ChaosSettings
{
    public int Tasks { get; init; } = 500;

    /// <summary>Times the operator is stopped (cancelled, as on SIGTERM) and started afresh, at random moments of <see cref="Window"/>.</summary>
    public int Restarts { get; init; } = 10;

    /// <summary>The tasks arrive during the first half of this window; the restarts fall anywhere in it.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>Every API watch stream is ended this often, until the end.</summary>
    public TimeSpan DropWatchesEvery { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Watch history is compacted this often (resumes get 410 Gone).</summary>
    public TimeSpan CompactEvery { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Fraction of all API requests answered 500; as many again answered 429.</summary>
    public double ServerErrorRate { get; init; } = 0.05;

    public double ThrottleRate { get; init; } = 0.05;

    /// <summary>Time allowed (from the first task) until every task is terminal; tasks still running then are stuck.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed of the restart moments (the same seed gives the same schedule).</summary>
    public int Seed { get; init; } = 10;
}
