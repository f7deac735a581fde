namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// The names and label values of the reference worker's metrics (oz-agent-worker 3382ab6,
/// internal/metrics), which the operator exports alongside its own <c>oz_operator_*</c> ones with
/// the same names, types and labels, so dashboards and alerts written for the reference keep working.
/// </summary>
public static class ReferenceWorkerMetrics
{
    public const string ConnectedName = "oz_worker_connected";
    public const string TasksActiveName = "oz_worker_tasks_active";
    public const string TasksMaxConcurrentName = "oz_worker_tasks_max_concurrent";
    public const string TasksClaimedName = "oz_worker_tasks_claimed_total";
    public const string TasksRejectedName = "oz_worker_tasks_rejected_total";
    public const string TasksCompletedName = "oz_worker_tasks_completed_total";
    public const string TaskDurationName = "oz_worker_task_duration_seconds";
    public const string TaskFailuresName = "oz_worker_task_failures_total";
    public const string WebSocketReconnectsName = "oz_worker_websocket_reconnects_total";
    public const string InfoName = "oz_worker_info";

    /// <summary>The <c>backend</c> label of <see cref="InfoName"/> and the <c>worker.backend</c> resource attribute.</summary>
    public const string Backend = "kubernetes";

    /// <summary>The only rejection reason the reference primes; the operator's others are <c>invalid</c> and <c>create_failed</c>.</summary>
    public const string RejectAtCapacity = "at_capacity";

    public const string RejectInvalid = "invalid";

    public const string RejectCreateFailed = "create_failed";

    public const string ReconnectDialFailed = "dial_failed";

    public const string ReconnectRemoteClose = "remote_close";

    /// <summary>Values of the <c>result</c> label of the completed counter (dispatched is the reference's command backend: always 0 here).</summary>
    public static IReadOnlyList<string> Results { get; } = ["succeeded", "failed", "cancelled", "dispatched"];

    /// <summary>Values of the <c>phase</c> label of the failures counter; every failure here is in <c>backend</c>.</summary>
    public static IReadOnlyList<string> FailurePhases { get; } = ["assignment", "backend", "cleanup"];

    public const string BackendPhase = "backend";

    /// <summary>Resource attribute with the worker id.</summary>
    public const string WorkerIdAttribute = "worker.id";

    /// <summary>Resource attribute with the backend (<see cref="Backend"/>).</summary>
    public const string WorkerBackendAttribute = "worker.backend";
}
