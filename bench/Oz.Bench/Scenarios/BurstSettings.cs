namespace Oz.Bench.Scenarios;

/// <summary>How a burst runs.</summary>
public sealed record BurstSettings
{
    /// <summary>AgentTasks created at once.</summary>
    public int Tasks { get; init; } = 2000;

    /// <summary>Concurrent create requests of the bench (and of the `limit` run it is compared with).</summary>
    public int Concurrency { get; init; } = LimitScenario.DefaultConcurrency;

    /// <summary>Measure the raw limit first (on its own fresh simulator) to report the ratio.</summary>
    public bool MeasureLimit { get; init; } = true;

    /// <summary>The operator's workers; null keeps its default (to compare settings in one sitting).</summary>
    public int? Workers { get; init; }

    /// <summary>Time allowed until every task is terminal.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(5);
}
