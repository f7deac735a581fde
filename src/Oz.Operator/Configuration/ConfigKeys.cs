using k8s.Models;

namespace Oz.Operator.Configuration;

/// <summary>
/// Every configuration key, in one table: the YAML path, the environment variable, the flag and
/// how a value lands in <see cref="OperatorOptions"/>. The file reader, the environment and flag
/// readers, the CLI and the documentation all follow this table, so a key cannot be missing from one.
/// Environment variables are "OZ_" + the flag name in upper snake case (the "oz." keys drop the
/// doubled prefix: OZ_WEBSOCKET_URL).
/// </summary>
public static class ConfigKeys
{
    public static IReadOnlyList<ConfigKey> All { get; } =
    [
        Str("workerId", (o, v) => o with { WorkerId = v ?? "" }),
        Str("namespace", (o, v) => o with { Namespace = v ?? "" }),
        Bool("acceptUnlabelledTasks", (o, v) => o with { AcceptUnlabelledTasks = v }),
        Str("kubeconfig", (o, v) => o with { Kubeconfig = v }, nullable: true),
        Str("defaultImage", (o, v) => o with { DefaultImage = v ?? "" }),
        Str("imagePullPolicy", (o, v) => o with { ImagePullPolicy = v }, nullable: true),
        Str("preflightImage", (o, v) => o with { PreflightImage = v ?? "" }),
        // Resource requirements do not fit in a variable or flag either: file only.
        new("preflightResources", ConfigValueKind.Resources, null, null, (o, v) => o with { PreflightResources = (V1ResourceRequirements?)v }, Nullable: true),
        Str("sidecarImage", (o, v) => o with { SidecarImage = v }, nullable: true),
        new("codingCliSidecars", ConfigValueKind.StringMap, "OZ_CODING_CLI_SIDECARS", "--coding-cli-sidecars",
            (o, v) => o with { CodingCliSidecars = (IReadOnlyDictionary<string, string>)v! }),
        new("env", ConfigValueKind.EnvList, "OZ_ENV", "--env", (o, v) => o with { Env = (IReadOnlyList<TaskEnvVar>?)v ?? [] }, Nullable: true),
        Str("setupCommand", (o, v) => o with { SetupCommand = v }, nullable: true),
        Str("teardownCommand", (o, v) => o with { TeardownCommand = v }, nullable: true),
        Bool("teardownFailureFailsTask", (o, v) => o with { TeardownFailureFailsTask = v }),
        new("extraLabels", ConfigValueKind.StringMap, "OZ_EXTRA_LABELS", "--extra-labels",
            (o, v) => o with { ExtraLabels = (IReadOnlyDictionary<string, string>)v! }),
        new("extraAnnotations", ConfigValueKind.StringMap, "OZ_EXTRA_ANNOTATIONS", "--extra-annotations",
            (o, v) => o with { ExtraAnnotations = (IReadOnlyDictionary<string, string>)v! }),
        Int("activeDeadlineSeconds", (o, v) => o with { ActiveDeadlineSeconds = v!.Value }),
        Int("ttlSecondsAfterFinished", (o, v) => o with { TtlSecondsAfterFinished = v is null ? null : checked((int)v.Value) }, nullable: true),
        Str("workspaceSizeLimit", (o, v) => o with { WorkspaceSizeLimit = v }, nullable: true),
        Str("workspaceClaim.storageClassName", (o, v) => o with { WorkspaceClaim = o.WorkspaceClaim with { StorageClassName = v } }, nullable: true),
        Str("workspaceClaim.size", (o, v) => o with { WorkspaceClaim = o.WorkspaceClaim with { Size = v } }, nullable: true),
        Str("workspaceClaim.accessMode", (o, v) => o with { WorkspaceClaim = o.WorkspaceClaim with { AccessMode = v ?? WorkspaceClaimOptions.DefaultAccessMode } }),
        Dur("unschedulableTimeout", (o, v) => o with { UnschedulableTimeout = v }),
        Dur("volumeMountTimeout", (o, v) => o with { VolumeMountTimeout = v }),
        Dur("preflightTimeout", (o, v) => o with { PreflightTimeout = v }),
        Dur("shutdownTimeout", (o, v) => o with { ShutdownTimeout = v }),
        // A PodSpec does not fit in a variable or flag: it is set in the file only.
        new("podTemplate", ConfigValueKind.PodSpec, null, null, (o, v) => o with { PodTemplate = (V1PodSpec?)v }, Nullable: true),
        Str("taskPod.serviceAccountName", (o, v) => o with { TaskPod = o.TaskPod with { ServiceAccountName = v } }, nullable: true),
        new("taskPod.imagePullSecrets", ConfigValueKind.NameList, "OZ_TASK_POD_IMAGE_PULL_SECRETS", "--task-pod-image-pull-secrets",
            (o, v) => o with { TaskPod = o.TaskPod with { ImagePullSecrets = (IReadOnlyList<string>?)v } }, Nullable: true),
        new("taskPod.nodeSelector", ConfigValueKind.StringMap, "OZ_TASK_POD_NODE_SELECTOR", "--task-pod-node-selector",
            (o, v) => o with { TaskPod = o.TaskPod with { NodeSelector = (IReadOnlyDictionary<string, string>?)v } }, Nullable: true),
        new("taskPod.tolerations", ConfigValueKind.Tolerations, "OZ_TASK_POD_TOLERATIONS", "--task-pod-tolerations",
            (o, v) => o with { TaskPod = o.TaskPod with { Tolerations = (IReadOnlyList<V1Toleration>?)v } }, Nullable: true),
        new("taskPod.resources", ConfigValueKind.Resources, "OZ_TASK_POD_RESOURCES", "--task-pod-resources",
            (o, v) => o with { TaskPod = o.TaskPod with { Resources = (V1ResourceRequirements?)v } }, Nullable: true),
        Int("taskPod.terminationGracePeriodSeconds", (o, v) => o with { TaskPod = o.TaskPod with { TerminationGracePeriodSeconds = v } }, nullable: true),
        Str("taskPod.runtimeClassName", (o, v) => o with { TaskPod = o.TaskPod with { RuntimeClassName = v } }, nullable: true),
        Bool("useImageVolumes", (o, v) => o with { UseImageVolumes = v }),
        Bool("cleanup", (o, v) => o with { Cleanup = v }),
        Int("maxConcurrentTasks", (o, v) => o with { MaxConcurrentTasks = checked((int)v!.Value) }),
        Int("reconcileWorkers", (o, v) => o with { ReconcileWorkers = checked((int)v!.Value) }),
        Str("idleOnComplete", (o, v) => o with { IdleOnComplete = v }, nullable: true),
        Dur("taskRetention", (o, v) => o with { TaskRetention = v }),
        Bool("deleteHandMadeTasks", (o, v) => o with { DeleteHandMadeTasks = v }),
        Str("logLevel", (o, v) => o with { LogLevel = v ?? "" }),
        Str("logFormat", (o, v) => o with { LogFormat = v ?? "" }),
        Str("oz.webSocketUrl", (o, v) => o with { Oz = o.Oz with { WebSocketUrl = v ?? "" } }, flag: "--oz-websocket-url", env: "OZ_WEBSOCKET_URL"),
        Str("oz.serverRootUrl", (o, v) => o with { Oz = o.Oz with { ServerRootUrl = v ?? "" } }, flag: "--oz-server-root-url", env: "OZ_SERVER_ROOT_URL"),
        Dur("oz.pingInterval", (o, v) => o with { Oz = o.Oz with { PingInterval = v } }, flag: "--oz-ping-interval", env: "OZ_PING_INTERVAL"),
        Str("taskSecrets.allowed", (o, v) => o with { TaskSecrets = o.TaskSecrets with { Allowed = TaskSecretOptions.ParseNames(v) } }, nullable: true),
        Str("taskSecrets.denied", (o, v) => o with { TaskSecrets = o.TaskSecrets with { Denied = TaskSecretOptions.ParseNames(v) } }, nullable: true),
        Bool("leaderElection.enabled", (o, v) => o with { LeaderElection = o.LeaderElection with { Enabled = v } }, flag: "--leader-election"),
        Str("leaderElection.leaseName", (o, v) => o with { LeaderElection = o.LeaderElection with { LeaseName = v } }, nullable: true, flag: "--leader-election-lease-name"),
        Dur("leaderElection.leaseDuration", (o, v) => o with { LeaderElection = o.LeaderElection with { LeaseDuration = v } }, flag: "--leader-election-lease-duration"),
        Dur("leaderElection.renewDeadline", (o, v) => o with { LeaderElection = o.LeaderElection with { RenewDeadline = v } }, flag: "--leader-election-renew-deadline"),
        Dur("leaderElection.retryPeriod", (o, v) => o with { LeaderElection = o.LeaderElection with { RetryPeriod = v } }, flag: "--leader-election-retry-period"),
        Int("telemetry.healthPort", (o, v) => o with { Telemetry = o.Telemetry with { HealthPort = checked((int)v!.Value) } }, flag: "--health-port"),
        Str("telemetry.healthAddress", (o, v) => o with { Telemetry = o.Telemetry with { HealthAddress = v ?? "" } }, flag: "--health-address"),
        Str("telemetry.metricsAddress", (o, v) => o with { Telemetry = o.Telemetry with { MetricsAddress = v ?? "" } }, flag: "--metrics-address"),
        Int("telemetry.metricsPort", (o, v) => o with { Telemetry = o.Telemetry with { MetricsPort = checked((int)v!.Value) } }, flag: "--metrics-port"),
        Str("telemetry.metricsExporter", (o, v) => o with { Telemetry = o.Telemetry with { MetricsExporter = v ?? "" } }, flag: "--metrics-exporter"),
    ];

    /// <summary>The top-level keys that hold a nested mapping of further keys.</summary>
    public static IReadOnlySet<string> Sections { get; } = All
        .Where(k => k.Path.Contains('.', StringComparison.Ordinal))
        .Select(k => k.Path[..k.Path.IndexOf('.', StringComparison.Ordinal)])
        .ToHashSet(StringComparer.Ordinal);

    public static ConfigKey? Find(string path) => All.FirstOrDefault(k => k.Path == path);

    /// <summary>"maxConcurrentTasks" → "--max-concurrent-tasks".</summary>
    public static string FlagFor(string path) =>
        "--" + string.Concat(path.Replace(".", "-", StringComparison.Ordinal)
            .Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>"--max-concurrent-tasks" → "OZ_MAX_CONCURRENT_TASKS".</summary>
    public static string EnvironmentVariableFor(string flag) =>
        "OZ_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    private static ConfigKey Str(string path, Func<OperatorOptions, string?, OperatorOptions> apply, bool nullable = false, string? flag = null, string? env = null) =>
        Make(path, ConfigValueKind.String, (o, v) => apply(o, (string?)v), nullable, flag, env);

    private static ConfigKey Int(string path, Func<OperatorOptions, long?, OperatorOptions> apply, bool nullable = false, string? flag = null) =>
        Make(path, ConfigValueKind.Integer, (o, v) => apply(o, (long?)v), nullable, flag, null);

    private static ConfigKey Bool(string path, Func<OperatorOptions, bool, OperatorOptions> apply, string? flag = null) =>
        Make(path, ConfigValueKind.Boolean, (o, v) => apply(o, (bool)v!), false, flag, null);

    private static ConfigKey Dur(string path, Func<OperatorOptions, TimeSpan, OperatorOptions> apply, string? flag = null, string? env = null) =>
        Make(path, ConfigValueKind.Duration, (o, v) => apply(o, (TimeSpan)v!), false, flag, env);

    private static ConfigKey Make(string path, ConfigValueKind kind, Func<OperatorOptions, object?, OperatorOptions> apply, bool nullable, string? flag, string? env)
    {
        flag ??= FlagFor(path);
        return new ConfigKey(path, kind, env ?? EnvironmentVariableFor(flag), flag, apply, nullable);
    }
}
