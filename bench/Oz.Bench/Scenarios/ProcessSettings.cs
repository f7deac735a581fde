namespace Oz.Bench.Scenarios;

/// <summary>How the process mode runs.</summary>
public sealed record ProcessSettings
{
    /// <summary>AgentTasks per burst.</summary>
    public int Tasks { get; init; } = 1000;

    /// <summary>Bursts one after the other against the same operator process: the first is cold (right after start), the rest warm.</summary>
    public int Bursts { get; init; } = 2;

    /// <summary>Concurrent create requests of the bench.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>The oz-operator executable; null publishes src/Oz.Operator first.</summary>
    public string? OperatorPath { get; init; }

    /// <summary>How long the operator's idle CPU is measured after it is ready, before the first burst.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed per burst until every task is terminal.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Extra environment for the operator process (runtime levers such as DOTNET_TieredPGO=0).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the operator's log and probe file go.</summary>
    public string WorkDirectory { get; init; } = Path.Combine("bench-results", "process");
}
