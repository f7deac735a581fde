namespace Oz.Bench.Scenarios;

/// <summary>How the scale scenario runs.</summary>
public sealed record ScaleSettings
{
    /// <summary>Finished AgentTasks in the simulator before the operator starts.</summary>
    public int Tasks { get; init; } = 10000;

    /// <summary>The window idle requests and CPU are counted over, once the operator has settled.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed to become ready, and again to settle.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The oz-operator executable; null publishes src/Oz.Operator first.</summary>
    public string? OperatorPath { get; init; }

    /// <summary>Extra environment for the operator process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the operator's log and probe file go.</summary>
    public string WorkDirectory { get; init; } = Path.Combine("bench-results", "scale");
}
