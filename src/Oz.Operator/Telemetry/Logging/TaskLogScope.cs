using System.Collections;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Telemetry.Logging;

/// <summary>
/// The fields every task-related log line carries: <c>TaskId</c> (the Oz task id, when the task has
/// one), <c>AgentTask</c> (namespace/name) and <c>Job</c>. A log scope:
/// <c>using (logger.BeginTaskScope(task)) { ... }</c>.
/// </summary>
public sealed class TaskLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string TaskIdField = "TaskId";
    public const string AgentTaskField = "AgentTask";
    public const string JobField = "Job";

    private readonly List<KeyValuePair<string, object?>> fields = [];

    public TaskLogScope(string? taskId, ObjectKey? agentTask, string? job)
    {
        if (!string.IsNullOrEmpty(taskId))
        {
            fields.Add(new(TaskIdField, taskId));
        }

        if (agentTask is { } key)
        {
            fields.Add(new(AgentTaskField, key.ToString()));
        }

        if (!string.IsNullOrEmpty(job))
        {
            fields.Add(new(JobField, job));
        }
    }

    public int Count => fields.Count;

    public KeyValuePair<string, object?> this[int index] => fields[index];

    /// <summary>The scope of an AgentTask: its task id, key, and Job (recorded, or the name it will get).</summary>
    public static TaskLogScope For(ObjectKey key, AgentTask? task) => new(
        task?.Spec?.TaskId,
        key,
        task?.Status?.JobName ?? JobNaming.JobNameFor(key.Namespace, key.Name));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}"));
}
