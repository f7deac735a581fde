using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>Labels and annotations of a task Job and its pod (identical on both).</summary>
internal static class TaskJobMetadata
{
    /// <summary>Configured extra labels, then the operator's own, which win on clashes.</summary>
    public static Dictionary<string, string> Labels(AgentTask task, OperatorOptions options)
    {
        var labels = new Dictionary<string, string>(options.ExtraLabels, StringComparer.Ordinal)
        {
            [TaskLabels.ManagedBy] = TaskLabels.ManagedByValue,
            [TaskLabels.Name] = TaskLabels.NameValue,
        };

        void Identity(string labelKey, string hashKey, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labels[labelKey] = KubernetesNames.LabelValue(value);
                labels[hashKey] = KubernetesNames.LabelHash(value);
            }
        }

        Identity(TaskLabels.AgentTask, TaskLabels.AgentTaskHash, task.Metadata?.Name);
        Identity(TaskLabels.WorkerId, TaskLabels.WorkerIdHash, options.WorkerId);
        Identity(TaskLabels.TaskId, TaskLabels.TaskIdHash, task.Spec.TaskId);
        Identity(TaskLabels.ExecutionId, TaskLabels.ExecutionIdHash, task.Spec.ExecutionId);
        return labels;
    }

    /// <summary>Configured extra annotations, then the exact identity values, which win on clashes.</summary>
    public static Dictionary<string, string> Annotations(AgentTask task, OperatorOptions options)
    {
        var annotations = new Dictionary<string, string>(options.ExtraAnnotations, StringComparer.Ordinal);

        void Exact(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                annotations[key] = value;
            }
        }

        Exact(TaskLabels.Annotations.AgentTask, task.Metadata?.Name);
        Exact(TaskLabels.Annotations.WorkerId, options.WorkerId);
        Exact(TaskLabels.Annotations.TaskId, task.Spec.TaskId);
        Exact(TaskLabels.Annotations.ExecutionId, task.Spec.ExecutionId);
        return annotations;
    }
}
