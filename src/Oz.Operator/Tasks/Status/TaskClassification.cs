using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>The classifier's verdict: the desired status and what the reconciler should do about it.</summary>
public sealed record TaskClassification(AgentTaskStatus Status)
{
    /// <summary>Look again after this long even if nothing changes (a timeout is running).</summary>
    public TimeSpan? RecheckAfter { get; init; }

    /// <summary>The container whose log tail explains the failure, when one does.</summary>
    public string? FailedContainer { get; init; }

    /// <summary>
    /// The task failed while its Job is still active (a pod stuck Pending on a failure): the Job
    /// must be deleted at once, whatever the cleanup setting, so nothing lingers until the deadline.
    /// </summary>
    public bool StopJob { get; init; }

    /// <summary>
    /// The status only reports routine progress (the pod being scheduled, pulled, initialised),
    /// seen since this moment: the reconciler need not write it at once while the phase stays the same.
    /// </summary>
    public DateTime? ProgressSince { get; init; }

    public bool IsTerminal => Status.Phase is { } phase && phase.IsTerminal();
}
