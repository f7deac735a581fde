using k8s.Models;

namespace Oz.Operator.Configuration;

/// <summary>
/// The operator's whole configuration after merging defaults, the YAML file, the environment and
/// CLI flags (in that order of increasing precedence). Keys in YAML are the camelCase names below.
/// </summary>
public sealed record OperatorOptions
{
    /// <summary>Identity of this worker towards Oz; ids starting with "warp" are reserved.</summary>
    public string WorkerId { get; init; } = "";

    /// <summary>Namespace in which AgentTasks are watched and Jobs are created.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>
    /// Whether an AgentTask without a worker-id label (made by hand, from Git) belongs to this
    /// worker. A task labelled for a worker belongs to that worker only; with several workers in
    /// one namespace at most one of them should accept the unlabelled ones.
    /// </summary>
    public bool AcceptUnlabelledTasks { get; init; } = true;

    /// <summary>Path of a kubeconfig file; absent means in-cluster, then the default rules.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Task image when neither the AgentTask nor Oz names one.</summary>
    public string DefaultImage { get; init; } = "ubuntu:22.04";

    /// <summary>imagePullPolicy of the operator's containers (Always, IfNotPresent, Never); IfNotPresent as the reference worker.</summary>
    public string? ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>Image of the preflight Job.</summary>
    public string PreflightImage { get; init; } = "busybox:1.36";

    /// <summary>
    /// Requests and limits of the preflight Job's containers that the task pod shape leaves without
    /// any (the reference worker's defaults: requests 10m/16Mi, limits 100m/64Mi), so a namespace
    /// whose LimitRange or ResourceQuota requires them admits the preflight Job.
    /// </summary>
    public V1ResourceRequirements? PreflightResources { get; init; } = DefaultPreflightResources;

    /// <summary>Default of <see cref="PreflightResources"/>; shared (it is copied before use), so two default options compare equal.</summary>
    public static readonly V1ResourceRequirements DefaultPreflightResources = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("64Mi") },
    };

    /// <summary>Overrides the agent sidecar image that Oz sends.</summary>
    public string? SidecarImage { get; init; }

    /// <summary>
    /// Coding CLI sidecar image per harness (e.g. "claude", "codex"), the reference worker's
    /// coding_cli_sidecars: for a task of that harness the sidecar mounted at
    /// /mnt/{harness}-cli-sidecar gets this image, or is added when Oz sent none.
    /// </summary>
    public IReadOnlyDictionary<string, string> CodingCliSidecars { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Variables added to every task container (after the task's own, before the operator's OZ_*
    /// variables). Names without a value are filled from the operator's environment at load time.
    /// </summary>
    public IReadOnlyList<TaskEnvVar> Env { get; init; } = [];

    /// <summary>Shell command run in a `setup` init container before the agent.</summary>
    public string? SetupCommand { get; init; }

    /// <summary>Shell command run after the agent exits, however it exits.</summary>
    public string? TeardownCommand { get; init; }

    /// <summary>
    /// A failing teardown command after a successful agent fails the task (reason TeardownCommand,
    /// Oz: teardown_command). The agent's own failure always wins. Off: the failure is only logged.
    /// </summary>
    public bool TeardownFailureFailsTask { get; init; } = true;

    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ExtraAnnotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Default Job deadline in seconds (8 h).</summary>
    public long ActiveDeadlineSeconds { get; init; } = 8 * 60 * 60;

    /// <summary>
    /// ttlSecondsAfterFinished of task Jobs (default 24 h, as the reference worker); only set when
    /// cleanup is on. With cleanup a succeeded task's Job is deleted at once, a failed one is kept
    /// this long for inspection.
    /// </summary>
    public int? TtlSecondsAfterFinished { get; init; } = DefaultTtlSecondsAfterFinished;

    /// <summary>Default of <see cref="TtlSecondsAfterFinished"/>: 86400 s.</summary>
    public const int DefaultTtlSecondsAfterFinished = 24 * 60 * 60;

    /// <summary>sizeLimit of the workspace emptyDir (a Kubernetes quantity, e.g. "10Gi").</summary>
    public string? WorkspaceSizeLimit { get; init; }

    /// <summary>The workspace as a generic ephemeral volume instead of an emptyDir (when its size is set).</summary>
    public WorkspaceClaimOptions WorkspaceClaim { get; init; } = new();

    /// <summary>How long a pod may stay unschedulable before the task fails.</summary>
    public TimeSpan UnschedulableTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a scheduled pod may keep failing to mount its volumes (FailedMount) before the task
    /// fails with VolumeMount; the kubelet retries mounts on its own. Zero never fails a task on
    /// mount failures (the activeDeadlineSeconds still ends it).
    /// </summary>
    public TimeSpan VolumeMountTimeout { get; init; } = DefaultVolumeMountTimeout;

    /// <summary>Default of <see cref="VolumeMountTimeout"/>: 2 minutes, as the reference worker.</summary>
    public static readonly TimeSpan DefaultVolumeMountTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the preflight Job may take at startup (and by default in `oz-operator preflight`).
    /// A preflight pod that is only unschedulable is waited for this long (a node pool may be
    /// scaling up from zero) before the operator exits 3.
    /// </summary>
    public TimeSpan PreflightTimeout { get; init; } = DefaultPreflightTimeout;

    /// <summary>Default of <see cref="PreflightTimeout"/>.</summary>
    public static readonly TimeSpan DefaultPreflightTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The one deadline of shutdown (SIGTERM, or a lost Lease): work stops, then the Lease is released
    /// and the endpoints close, all within this. Shorter than <c>leaderElection.leaseDuration -
    /// leaderElection.renewDeadline - leaderElection.retryPeriod</c> (3s by default: a replica that lost
    /// the Lease has stopped before a standby may take it; <see cref="OperatorOptionsValidator.StandbyMargin"/>)
    /// and than the pod's terminationGracePeriodSeconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = DefaultShutdownTimeout;

    /// <summary>Default of <see cref="ShutdownTimeout"/>.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Base PodSpec of every task pod (merge rules: docs/configuration.md, podTemplate).</summary>
    public V1PodSpec? PodTemplate { get; init; }

    /// <summary>First-class task pod settings; each one set wins over the same field of <see cref="PodTemplate"/>.</summary>
    public TaskPodOptions TaskPod { get; init; } = TaskPodOptions.Empty;

    /// <summary>Mount sidecar images as image volumes instead of copying them with init containers.</summary>
    public bool UseImageVolumes { get; init; }

    /// <summary>Delete a task's Job once its result is recorded.</summary>
    public bool Cleanup { get; init; } = true;

    /// <summary>Tasks running at once; 0 means no limit. Further tasks stay Queued.</summary>
    public int MaxConcurrentTasks { get; init; }

    /// <summary>
    /// AgentTasks reconciled in parallel (never the same one twice at once). A reconcile mostly
    /// waits on the API server, so a burst of tasks is dispatched as fast as the API server takes
    /// Job creates only with enough of them in flight.
    /// </summary>
    public int ReconcileWorkers { get; init; } = DefaultReconcileWorkers;

    /// <summary>Default of <see cref="ReconcileWorkers"/>.</summary>
    public const int DefaultReconcileWorkers = 16;

    /// <summary>Default for the agent's --idle-on-complete (e.g. "10m"); absent passes the bare flag.</summary>
    public string? IdleOnComplete { get; init; }

    /// <summary>Finished AgentTasks are deleted this long after completion.</summary>
    public TimeSpan TaskRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Also delete finished AgentTasks the Oz bridge did not create (by hand, from Git) after
    /// <see cref="TaskRetention"/>. Off by default: a GitOps tool would create a deleted task again
    /// and the agent would run again.
    /// </summary>
    public bool DeleteHandMadeTasks { get; init; }

    /// <summary>Minimum log level: Trace, Debug, Information, Warning, Error, Critical.</summary>
    public string LogLevel { get; init; } = "Information";

    /// <summary>Log output: "json" (one JSON object per line) or "console" (human-readable).</summary>
    public string LogFormat { get; init; } = "json";

    public OzOptions Oz { get; init; } = new();

    /// <summary>Which Secrets an AgentTask may reference besides its own env Secret.</summary>
    public TaskSecretOptions TaskSecrets { get; init; } = new();

    public LeaderElectionOptions LeaderElection { get; init; } = new();

    public TelemetryOptions Telemetry { get; init; } = new();
}
