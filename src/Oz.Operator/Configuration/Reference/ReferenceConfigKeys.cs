namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// The keys of the oz-agent-worker configuration file and the native key each one sets. Both
/// generations are here: the early Kubernetes backend's scheduling keys (node_selector, tolerations,
/// resources, service_account, image_pull_secret, termination_grace_period_seconds, environment)
/// and the later keys (default_image, use_image_volumes, sidecar_image, ttl_seconds_after_finished,
/// preflight_resources, volume_mount_timeout, coding_cli_sidecars).
/// </summary>
public static class ReferenceConfigKeys
{
    public const string BackendSection = "backend";
    public const string KubernetesSection = "kubernetes";
    public const string PodTemplate = "pod_template";
    public const string Environment = "environment";

    /// <summary>Top-level keys that exist only in the reference format (cleanup is shared).</summary>
    public static IReadOnlySet<string> TopLevelOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "worker_id", "max_concurrent_tasks", "idle_on_complete", BackendSection, "one_shot",
    };

    /// <summary>Top-level keys with a native key of the same meaning.</summary>
    public static IReadOnlyDictionary<string, string> TopLevel { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["worker_id"] = "workerId",
        ["cleanup"] = "cleanup",
        ["max_concurrent_tasks"] = "maxConcurrentTasks",
        ["idle_on_complete"] = "idleOnComplete",
    };

    /// <summary>backend.kubernetes keys with a native key of the same meaning.</summary>
    public static IReadOnlyDictionary<string, string> Kubernetes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["namespace"] = "namespace",
        ["kubeconfig"] = "kubeconfig",
        ["default_image"] = "defaultImage",
        ["image_pull_policy"] = "imagePullPolicy",
        ["use_image_volumes"] = "useImageVolumes",
        ["preflight_image"] = "preflightImage",
        ["preflight_resources"] = "preflightResources",
        ["sidecar_image"] = "sidecarImage",
        ["setup_command"] = "setupCommand",
        ["teardown_command"] = "teardownCommand",
        ["extra_labels"] = "extraLabels",
        ["extra_annotations"] = "extraAnnotations",
        ["active_deadline_seconds"] = "activeDeadlineSeconds",
        ["ttl_seconds_after_finished"] = "ttlSecondsAfterFinished",
        ["workspace_size_limit"] = "workspaceSizeLimit",
        ["unschedulable_timeout"] = "unschedulableTimeout",
        ["volume_mount_timeout"] = "volumeMountTimeout",
        ["coding_cli_sidecars"] = "codingCliSidecars",
        [Environment] = "env",
        [PodTemplate] = "podTemplate",
    };

    /// <summary>
    /// The early scheduling keys and the PodSpec field each stands for (named when they are refused
    /// next to pod_template, as the reference refuses them).
    /// </summary>
    public static IReadOnlyDictionary<string, string> LegacyScheduling { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["node_selector"] = "nodeSelector",
        ["tolerations"] = "tolerations",
        ["resources"] = "containers[task].resources",
        ["service_account"] = "serviceAccountName",
        ["image_pull_secret"] = "imagePullSecrets[].name",
        ["termination_grace_period_seconds"] = "terminationGracePeriodSeconds",
    };

    /// <summary>The native taskPod key each early scheduling key sets (with the same meaning).</summary>
    public static IReadOnlyDictionary<string, string> LegacySchedulingNative { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["node_selector"] = "taskPod.nodeSelector",
        ["tolerations"] = "taskPod.tolerations",
        ["resources"] = "taskPod.resources",
        ["service_account"] = "taskPod.serviceAccountName",
        ["image_pull_secret"] = "taskPod.imagePullSecrets",
        ["termination_grace_period_seconds"] = "taskPod.terminationGracePeriodSeconds",
    };

    /// <summary>Keys of the reference file this operator does not take, and why.</summary>
    public static IReadOnlyDictionary<string, string> Refused { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["one_shot"] = "oz-agent-worker's one_shot takes a single task and exits once it ends; this operator runs as a Deployment, which would restart it and take the next task, so a one-task mode cannot hold here (create one AgentTask by hand to run a single task)",
        ["backend.docker"] = "this operator runs tasks only as Kubernetes Jobs; configure backend.kubernetes instead of the Docker backend",
        ["backend.direct"] = "this operator runs tasks only as Kubernetes Jobs; configure backend.kubernetes instead of the direct (host) backend",
        ["backend.command"] = "this operator runs tasks only as Kubernetes Jobs; configure backend.kubernetes instead of the command (dispatch) backend",
    };

    /// <summary>Keys of one toleration: the reference's snake_case name → the Kubernetes field.</summary>
    public static IReadOnlyDictionary<string, string> Toleration { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["key"] = "key",
        ["operator"] = "operator",
        ["value"] = "value",
        ["effect"] = "effect",
        ["toleration_seconds"] = "tolerationSeconds",
    };
}
