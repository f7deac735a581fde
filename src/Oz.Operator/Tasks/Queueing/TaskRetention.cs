using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks.Queueing;

/// <summary>
/// When a finished AgentTask is deleted. The operator deletes only what it owns the life of:
/// <list type="bullet">
/// <item>a task the Oz bridge created (label oz.warp.dev/source=oz) is deleted taskRetention after
/// it finished, and never before its result is reported (status.reportedToOz, written by the
/// bridge): deleting it earlier would lose the result across an operator restart;</item>
/// <item>any other task (made by hand, applied from Git) is kept: deleting it would let Argo CD
/// self-heal or the next Flux apply create it again, and the agent would run a second time. It is
/// deleted only when it asks for it (annotation oz.warp.dev/delete-after: a Go duration after it
/// finished) or the operator is told to (deleteHandMadeTasks, then after taskRetention).</item>
/// </list>
/// </summary>
public static class TaskRetention
{
    /// <summary>Per-task opt-in: delete this task this long (Go duration, e.g. 24h) after it finished.</summary>
    public const string DeleteAfterAnnotation = "oz.warp.dev/delete-after";

    /// <summary>Longest delay handed to the queue; a later reconcile simply asks again.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(12);

    /// <summary>
    /// Time left before deletion (zero: delete now), or null when the task is not to be deleted
    /// (yet): not finished, kept by the rule above, or an Oz task not reported yet.
    /// </summary>
    public static TimeSpan? Remaining(AgentTask task, OperatorOptions options, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        if (task.Status?.Phase is not { } phase || !phase.IsTerminal() || RetentionOf(task, options) is not { } retention)
        {
            return null;
        }

        if (CreatedByOz(task) && task.Status.ReportedToOz != true)
        {
            // The bridge's reportedToOz write arrives on the AgentTask watch and queues the task again.
            return null;
        }

        var finished = task.Status.CompletionTime
            ?? task.Status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Completed)?.LastTransitionTime
            ?? task.Metadata.CreationTimestamp
            ?? now;
        var start = finished.ToUniversalTime();
        var due = DateTime.MaxValue - start < retention ? DateTime.MaxValue : start + retention;
        var left = due - now.ToUniversalTime();
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    /// <summary>True for a task the Oz bridge created (it labels every one).</summary>
    public static bool CreatedByOz(AgentTask task) =>
        task.Metadata.Labels?.TryGetValue(TaskLabels.Source, out var source) == true && source == TaskLabels.SourceOz;

    /// <summary>The delete-after annotation's problem, or null when it is absent or a valid positive duration.</summary>
    public static string? AnnotationProblem(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return DeleteAfter(task) is { } text && !TryParsePositive(text, out _)
            ? $"annotation {DeleteAfterAnnotation} is \"{text}\", not a positive duration such as 24h or 90m; the task is kept"
            : null;
    }

    /// <summary>How long after finishing the task is kept; null: kept until someone deletes it.</summary>
    private static TimeSpan? RetentionOf(AgentTask task, OperatorOptions options)
    {
        if (DeleteAfter(task) is { } text)
        {
            return TryParsePositive(text, out var after) ? after : null;
        }

        return CreatedByOz(task) || options.DeleteHandMadeTasks ? options.TaskRetention : null;
    }

    private static string? DeleteAfter(AgentTask task) =>
        task.Metadata.Annotations?.TryGetValue(DeleteAfterAnnotation, out var value) == true ? value : null;

    private static bool TryParsePositive(string text, out TimeSpan value) =>
        GoDuration.TryParse(text.Trim(), out value) && value > TimeSpan.Zero;
}
