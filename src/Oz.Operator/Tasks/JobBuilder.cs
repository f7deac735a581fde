using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Tasks;

/// <summary>
/// Builds the task Job of an AgentTask: a pure function of the task and the
/// configuration. Neither input is changed and the Job shares no objects with them. An AgentTask
/// without a uid (e.g. the preflight's synthetic task for a dry-run) gets no ownerReference.
/// </summary>
public static class JobBuilder
{
    /// <exception cref="FormatException">
    /// <see cref="OperatorOptions.WorkspaceSizeLimit"/> is not a Kubernetes quantity (configuration
    /// validation rejects that at startup).
    /// </exception>
    public static V1Job Build(AgentTask task, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);

        // An object deserialised with "spec": null or without metadata is read as empty ones,
        // without writing to the caller's object.
        if (task.Spec is null || task.Metadata is null)
        {
            task = new AgentTask { Metadata = task.Metadata ?? new V1ObjectMeta(), Spec = task.Spec ?? new AgentTaskSpec() };
        }

        var labels = TaskJobMetadata.Labels(task, options);
        var annotations = TaskJobMetadata.Annotations(task, options);
        var podAnnotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal)
        {
            [TaskLabels.Annotations.DefaultContainer] = TaskPodLayout.TaskContainer,
        };

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobNaming.JobNameFor(task),
                NamespaceProperty = string.IsNullOrEmpty(task.Metadata.NamespaceProperty) ? options.Namespace : task.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = OwnerReferencesFor(task),
            },
            Spec = new V1JobSpec
            {
                // One attempt: a failed agent run is reported, never silently retried.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = task.Spec.ActiveDeadlineSeconds ?? options.ActiveDeadlineSeconds,
                TtlSecondsAfterFinished = options.Cleanup ? options.TtlSecondsAfterFinished : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                        Annotations = podAnnotations,
                    },
                    Spec = TaskPodSpecBuilder.Build(task, options),
                },
            },
        };
    }

    private static List<V1OwnerReference>? OwnerReferencesFor(AgentTask task) =>
        string.IsNullOrEmpty(task.Metadata.Uid)
            ? null
            : [ControllerReference.To(AgentTask.GroupVersion, AgentTask.KindName, task.Metadata)];
}
