
namespace Oz.Crds.V1Alpha1;

/// <summary>The protocol's <c>failure_reason</c> strings and the mapping from the operator's reasons.</summary>
public static class OzFailureReasons
{
    public const string Unknown = "unknown";
    public const string TaskCancelled = "task_cancelled";
    public const string ImagePull = "image_pull";
    public const string InvalidImage = "invalid_image";
    public const string Unschedulable = "unschedulable";
    public const string ContainerOom = "container_oom";
    public const string ContainerExit = "container_exit";
    public const string ContainerCreate = "container_create";
    public const string InitContainer = "init_container";
    public const string SetupCommand = "setup_command";
    public const string VolumeMount = "volume_mount";
    public const string Evicted = "evicted";
    public const string ActiveDeadline = "active_deadline";
    public const string JobFailed = "job_failed";
    public const string JobCreate = "job_create";
    public const string SidecarPrep = "sidecar_prep";
    public const string TeardownCommand = "teardown_command";

    /// <summary>
    /// Every failure_reason string of the reference worker's protocol (oz-agent-worker 3382ab6 also
    /// has dispatch_command, dispatch_timeout and cancel_command, of its command backend). Each is
    /// produced here or explained as not applicable in docs/agenttask.md, "Oz failure reasons".
    /// </summary>
    public static IReadOnlyList<string> Reference { get; } =
    [
        Unknown, "task_timeout", TaskCancelled, "graceful_shutdown", ImagePull, SidecarPrep, ContainerCreate,
        "container_start", "container_wait", ContainerExit, ContainerOom, "workspace_setup", SetupCommand,
        "agent_invocation", TeardownCommand, JobCreate, "job_watch", JobFailed, Evicted, "pod_watch",
        Unschedulable, VolumeMount, InitContainer, InvalidImage, ActiveDeadline, "cleanup",
    ];

    /// <summary>
    /// The protocol string for a failed AgentTask's reason. <see cref="FailureReason.JobDeleted"/>
    /// maps to <c>job_failed</c>: the Job was removed from under the task (by a person, a TTL or
    /// a policy), so from Oz's side the Job failed for reasons outside the agent — the protocol
    /// has no closer string (<c>job_watch</c> and <c>cleanup</c> describe the worker's own steps).
    /// </summary>
    public static string From(FailureReason? reason) => reason switch
    {
        FailureReason.ImagePull => ImagePull,
        FailureReason.InvalidImage => InvalidImage,
        FailureReason.Unschedulable => Unschedulable,
        FailureReason.ContainerOOM => ContainerOom,
        FailureReason.ContainerExit => ContainerExit,
        FailureReason.InitContainer => InitContainer,
        FailureReason.SetupCommand => SetupCommand,
        FailureReason.VolumeMount => VolumeMount,
        FailureReason.Evicted => Evicted,
        FailureReason.DeadlineExceeded => ActiveDeadline,
        FailureReason.JobDeleted => JobFailed,
        FailureReason.ContainerCreate => ContainerCreate,
        FailureReason.Cancelled => TaskCancelled,
        FailureReason.JobCreateRefused => JobCreate,
        // The Job was not created: its pod would have read a Secret the task may not use.
        FailureReason.SecretNotAllowed => JobCreate,
        FailureReason.SidecarPrep => SidecarPrep,
        FailureReason.TeardownCommand => TeardownCommand,
        // The pod could not be created: the namespace's Pod Security admission refused it.
        FailureReason.PodSecurity => ContainerCreate,
        _ => Unknown,
    };
}
