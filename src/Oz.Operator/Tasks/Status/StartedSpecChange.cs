using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Tasks.ApiClient;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// A spec change to a task that has started: it is ignored, never a second run. Every AgentTask
/// is one run, and its Job is built once, so re-applying a changed manifest (Argo CD self-heal, a
/// Flux apply) must not start anything. The change is not refused at admission, because "started"
/// is status the API server cannot weigh reliably against a spec update (the Job is created before
/// the status that records it), and a refused apply would leave the GitOps sync failing forever;
/// instead the operator records a Warning Event and moves status.observedGeneration on, so kstatus
/// tools do not wait for a reconcile that will never come.
/// </summary>
public static class StartedSpecChange
{
    public const string Reason = "SpecChangeIgnored";

    /// <summary>True when the task's spec changed after the task started (its Job was created).</summary>
    public static bool IsIgnored(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Status is { ObservedGeneration: { } seen } status
            && task.Metadata.Generation is { } generation && generation > seen
            && (!string.IsNullOrEmpty(status.JobName) || status.Phase is { } phase && phase.IsTerminal());
    }

    public static TaskEvent Event(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var was = task.Status?.Phase?.ToString() ?? "started";
        return new TaskEvent(TaskEvent.Warning, Reason, "Ignore",
            $"The spec changed (generation {task.Status?.ObservedGeneration} to {task.Metadata.Generation}) after the task started; a task runs once and the change is ignored (phase {was}). Create an AgentTask with a new name to run again.");
    }

    /// <summary>The same status, now describing the task's current generation.</summary>
    public static AgentTaskStatus Observed(AgentTaskStatus status, long? generation)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new AgentTaskStatus
        {
            Phase = status.Phase,
            Reason = status.Reason,
            Message = status.Message,
            JobName = status.JobName,
            PodName = status.PodName,
            NodeName = status.NodeName,
            StartTime = status.StartTime,
            CompletionTime = status.CompletionTime,
            Duration = status.Duration,
            ExitCode = status.ExitCode,
            ObservedGeneration = generation,
            ReportedToOz = status.ReportedToOz,
            Conditions = status.Conditions?.Select(c => new V1Condition
            {
                Type = c.Type,
                Status = c.Status,
                Reason = c.Reason,
                Message = c.Message,
                LastTransitionTime = c.LastTransitionTime,
                ObservedGeneration = generation,
            }).ToList(),
        };
    }
}
