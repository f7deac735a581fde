using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks;

namespace Oz.Operator.Preflight;

/// <summary>
/// The Jobs preflight creates, built by the real <see cref="JobBuilder"/> from a synthetic task, so
/// they have the task pod's shape: the configured podTemplate, pull secrets, labels, a root
/// <c>copy-sidecar-0</c> init container (the synthetic task has a sidecar) and, when a setupCommand
/// is configured, the <c>setup</c> init container. The Job that really runs keeps every one of the
/// operator's containers but runs none of the user's commands: they are written for the task image,
/// not the preflight image, so running them would test the wrong thing.
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

    /// <summary>The task Job with its sidecar mounted as an image volume, for a dry-run that tells whether the API server serves them.</summary>
    public static V1Job ImageVolumeDryRunJob(OperatorOptions options, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return JobBuilder.Build(SyntheticTask(options, $"{PreflightLabels.NameValue}-image-volume-{runId}"), options with { UseImageVolumes = true });
    }

    /// <summary>
    /// The Job that really runs: the task Job, with preflight labels instead of task labels, the
    /// operator's containers (copy-sidecar, setup, task) each running only an <c>echo</c> (no copy,
    /// no setupCommand, no teardownCommand, no agent: the task container prints
    /// <see cref="SuccessMessage"/>), and deadlines so that even a Job whose deletion failed cleans
    /// itself up. Their images, mounts, env, resources and security contexts stay as built, so the
    /// cluster admits, schedules, pulls and starts exactly the task pod's shape.
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

        var pod = job.Spec.Template.Spec;
        foreach (var init in (pod.InitContainers ?? []).Where(IsOperatorInitContainer))
        {
            RunOnly(init, $"echo 'oz-operator preflight: {init.Name} skipped'");
        }

        RunOnly(pod.Containers.Single(container => container.Name == TaskPodLayout.TaskContainer), $"echo '{SuccessMessage}'");
        if (options.PreflightResources is { } resources)
        {
            foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers).Where(c => !HasResources(c)))
            {
                container.Resources = KubernetesObjectCopy.DeepCopy(resources);
            }
        }

        return job;
    }

    /// <summary>The init containers JobBuilder adds; a podTemplate's own init containers run as the user wrote them, as in a task pod.</summary>
    public static bool IsOperatorInitContainer(V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Name == TaskPodLayout.SetupContainer || container.Name.StartsWith(TaskPodLayout.CopySidecarPrefix, StringComparison.Ordinal);
    }

    private static bool HasResources(V1Container container) =>
        container.Resources is { } r && ((r.Requests?.Count ?? 0) > 0 || (r.Limits?.Count ?? 0) > 0);

    private static void RunOnly(V1Container container, string script)
    {
        container.Command = ["/bin/sh", "-c", script];
        container.Args = null;
    }

    /// <summary>Label selector of the Job and pod of run <paramref name="runId"/>.</summary>
    public static string Selector(string runId) => $"{PreflightLabels.Preflight}={runId}";
}
