using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks;

namespace Oz.Operator.Preflight;

/// <summary>
/// The Jobs preflight creates, built by the real <see cref="JobBuilder"/> from a synthetic task, so
/// they have the task pod's shape: the configured podTemplate, pull secrets, labels and a root
/// <c>copy-sidecar-0</c> init container (the synthetic task has a sidecar).
/// </summary>
public static class PreflightJobFactory
{
    /// <summary>Shown in the pod's log when the preflight Job runs.</summary>
    public const string SuccessMessage = "oz-operator preflight: ok";

    /// <summary>How much longer than the preflight timeout the Job's activeDeadlineSeconds is.</summary>
    public const long DeadlineMarginSeconds = 60;

    /// <summary>A synthetic task named <paramref name="name"/>: preflight image, one sidecar at /agent; no uid, so no ownerReference.</summary>
    public static AgentTask SyntheticTask(OperatorOptions options, string name)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AgentTask
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace },
            Spec = new AgentTaskSpec
            {
                Title = "oz-operator preflight",
                Image = options.PreflightImage,
                Sidecars = [new AgentTaskSidecar { Image = options.PreflightImage, MountPath = "/agent" }],
            },
        };
    }

    /// <summary>A task Job exactly as JobBuilder makes it, for a server-side dry-run create (named apart from the real one, which may exist at the same time).</summary>
    public static V1Job DryRunJob(OperatorOptions options, string runId) =>
        JobBuilder.Build(SyntheticTask(options, $"{PreflightLabels.NameValue}-dry-run-{runId}"), options);

    /// <summary>
    /// The Job that really runs: the task Job, with preflight labels instead of task labels, a task
    /// container that only prints <see cref="SuccessMessage"/> (there is no agent at /agent), and
    /// deadlines so that even a Job whose deletion failed cleans itself up.
    /// </summary>
    public static V1Job RunJob(OperatorOptions options, string runId, TimeSpan timeout)
    {
        var job = JobBuilder.Build(SyntheticTask(options, $"{PreflightLabels.NameValue}-{runId}"), options);
        var labels = new Dictionary<string, string>(options.ExtraLabels, StringComparer.Ordinal)
        {
            [TaskLabels.ManagedBy] = TaskLabels.ManagedByValue,
            [TaskLabels.Name] = PreflightLabels.NameValue,
            [PreflightLabels.Preflight] = runId,
        };
        job.Metadata.Labels = labels;
        job.Spec.Template.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        // Preflight's own timer decides; the deadline only stops a Job whose deletion failed.
        job.Spec.ActiveDeadlineSeconds = (long)Math.Ceiling(timeout.TotalSeconds) + DeadlineMarginSeconds;
        job.Spec.TtlSecondsAfterFinished = 600;

        var task = job.Spec.Template.Spec.Containers.Single(container => container.Name == TaskPodLayout.TaskContainer);
        task.Command = ["/bin/sh", "-c", $"echo '{SuccessMessage}'"];
        task.Args = null;
        return job;
    }

    /// <summary>Label selector of the Job and pod of run <paramref name="runId"/>.</summary>
    public static string Selector(string runId) => $"{PreflightLabels.Preflight}={runId}";
}
