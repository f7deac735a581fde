using Oz.Crds.V1Alpha1;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>Which AgentTasks owe Oz a result, and the message that reports it.</summary>
public static class TaskReport
{
    /// <summary>An Oz task (has a task id) in a terminal phase whose result has not been recorded as sent.</summary>
    public static bool IsDue(AgentTask task) =>
        !string.IsNullOrWhiteSpace(task.Spec.TaskId)
        && task.Status?.Phase is { } phase
        && phase.IsTerminal()
        && task.Status.ReportedToOz != true;

    /// <summary>The report of a terminal task: completed, completed as CANCELLED, or failed with reason and exit code.</summary>
    public static OzOutgoingMessage For(AgentTask task)
    {
        var taskId = task.Spec.TaskId ?? "";
        var status = task.Status ?? new AgentTaskStatus();
        var message = string.IsNullOrWhiteSpace(status.Message) ? null : status.Message;
        return status.Phase switch
        {
            AgentTaskPhase.Succeeded => new TaskCompleted(taskId, message ?? "task succeeded"),
            AgentTaskPhase.Cancelled => new TaskCompleted(taskId, message ?? "task cancelled", TaskCompleted.Cancelled),
            _ => new TaskFailed(
                taskId,
                message ?? $"task failed: {status.Reason?.ToString() ?? "unknown reason"}",
                OzFailureReasons.From(status.Reason),
                status.ExitCode),
        };
    }
}
