using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks.Ownership;

namespace Oz.Operator.Tasks.Queueing;

/// <summary>
/// When a finished AgentTask is deleted. A task this worker claimed from Oz (<see cref="OzClaim"/>) must first have its
/// result reported (status.reportedToOz, written by the Oz bridge): deleting it earlier would lose
/// the result across an operator restart. So it is kept until reported and at least
/// taskRetention has passed; as a safety valve (Oz unreachable for good, or no Oz connection
/// configured) it is deleted anyway after twice taskRetention, so etcd never fills up.
/// </summary>
public static class TaskRetention
{
    /// <summary>Longest delay handed to the queue; a later reconcile simply asks again.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(12);

    /// <summary>Time left before deletion (zero: delete now), or null for a task that is not finished.</summary>
    public static TimeSpan? Remaining(AgentTask task, OperatorOptions options, DateTime now)
    {
        if (task.Status?.Phase is not { } phase || !phase.IsTerminal())
        {
            return null;
        }

        var finished = task.Status.CompletionTime
            ?? task.Status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Completed)?.LastTransitionTime
            ?? task.Metadata.CreationTimestamp
            ?? now;
        var awaitingReport = OzClaim.IsClaimedBy(task, options.WorkerId) && task.Status.ReportedToOz != true;
        var retention = awaitingReport && options.TaskRetention < TimeSpan.MaxValue / 2 ? options.TaskRetention * 2 : options.TaskRetention;
        var start = finished.ToUniversalTime();
        var due = DateTime.MaxValue - start < retention ? DateTime.MaxValue : start + retention;
        var left = due - now.ToUniversalTime();
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
    }
}
