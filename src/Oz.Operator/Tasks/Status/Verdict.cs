using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>The classifier's reading of the situation before it is turned into a full status.</summary>
internal sealed record Verdict(AgentTaskPhase Phase, string Message)
{
    public FailureReason? Reason { get; init; }

    public int? ExitCode { get; init; }

    public string? FailedContainer { get; init; }

    public bool StopJob { get; init; }

    public TimeSpan? RecheckAfter { get; init; }

    public DateTime? CompletionTime { get; init; }

    /// <summary>Routine progress (no problem in sight) observed since this moment; null otherwise.</summary>
    public DateTime? ProgressSince { get; init; }

    public static Verdict Failed(FailureReason reason, string message) => new(AgentTaskPhase.Failed, message) { Reason = reason };

    /// <summary>A failure seen while the pod is still Pending: the Job is stopped at once.</summary>
    public static Verdict FailedWhilePending(FailureReason reason, string message) => Failed(reason, message) with { StopJob = true };

    public static Verdict Starting(string message) => new(AgentTaskPhase.Starting, message);
}
