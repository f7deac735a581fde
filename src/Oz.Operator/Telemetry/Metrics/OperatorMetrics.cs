using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.InteropServices;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// Every instrument of the operator itself, on the Meter <c>Oz.Operator</c>. Instrument names are
/// the names Prometheus shows (prefix <c>oz_operator_</c>, unit and <c>_total</c> suffixes already
/// in the name), so OTLP and Prometheus users see the same series. Counters whose label values are
/// known in advance are primed at zero (<see cref="CounterTable"/>), so dashboards draw flat lines instead of gaps.
/// </summary>
/// <remarks>
/// Task observations made from the shared AgentTask cache (<see cref="ObserveTasks"/> and the
/// transition handler) count only while this replica leads (<see cref="SetLeader"/>): every replica
/// watches the same tasks, and the cluster-wide sums must not depend on the number of replicas.
/// </remarks>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Oz.Operator";

    public const string TasksName = "oz_operator_tasks";
    public const string TasksFinishedName = "oz_operator_tasks_finished_total";
    public const string TaskDurationName = "oz_operator_task_duration_seconds";
    public const string TaskFailuresName = "oz_operator_task_failures_total";
    public const string DispatchLatencyName = "oz_operator_dispatch_latency_seconds";
    public const string QueueDepthName = "oz_operator_workqueue_depth";
    public const string QueueDelayedName = "oz_operator_workqueue_delayed";
    public const string ReconcileDurationName = "oz_operator_reconcile_duration_seconds";
    public const string ReconcileErrorsName = "oz_operator_reconcile_errors_total";
    public const string ApiRequestsName = "oz_operator_kubernetes_requests_total";
    public const string ApiRequestDurationName = "oz_operator_kubernetes_request_duration_seconds";
    public const string WatchRestartsName = "oz_operator_watch_restarts_total";
    public const string LeaderName = "oz_operator_leader";
    public const string PreflightPassedName = "oz_operator_preflight_passed";
    public const string BuildInfoName = "oz_operator_build_info";

    /// <summary>Reason label of a Failed task that carries no typed reason.</summary>
    public const string UnknownReason = "Unknown";

    private static readonly double[] TaskDurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800];
    private static readonly double[] DispatchBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
    private static readonly double[] ReconcileBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] ApiBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly CounterTable tasksFinished;
    private readonly Histogram<double> taskDuration;
    private readonly CounterTable taskFailures;
    private readonly Histogram<double> dispatchLatency;
    private readonly Histogram<double> reconcileDuration;
    private readonly CounterTable reconcileErrors;
    private readonly Counter<long> apiRequests;
    private readonly Histogram<double> apiRequestDuration;
    private readonly CounterTable watchRestarts;
    private readonly CounterTable workerCompleted;
    private readonly Histogram<double> workerDuration;
    private readonly CounterTable workerFailures;
    private readonly ConcurrentDictionary<string, (Func<int> Depth, Func<int> Delayed)> queues = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, object?>[] buildInfo;
    private volatile IObjectCache<AgentTask>? taskCache;
    private int leader;
    private int preflightPassed;

    public OperatorMetrics()
    {
        Meter = new Meter(MeterName, BuildVersion().Version);
        buildInfo =
        [
            new("version", BuildVersion().Version),
            new("commit", BuildVersion().Commit ?? "unknown"),
            new("runtime", RuntimeInformation.FrameworkDescription),
        ];

        Meter.CreateObservableGauge(TasksName, ObserveTaskPhases, "{task}", "AgentTasks by phase, from the operator's cache (reported by the leader).");
        tasksFinished = new CounterTable(Meter, TasksFinishedName, "{task}", "Tasks that reached a terminal phase, by result (Succeeded, Failed, Cancelled).", "result");
        taskDuration = Meter.CreateHistogram(TaskDurationName, "s", "Time from an AgentTask's creation to its terminal phase, by result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TaskDurationBuckets });
        taskFailures = new CounterTable(Meter, TaskFailuresName, "{task}", "Failed tasks by failure reason.", "reason");
        dispatchLatency = Meter.CreateHistogram(DispatchLatencyName, "s", "Time from an AgentTask's creation to its Job's creation (includes time Queued).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DispatchBuckets });
        Meter.CreateObservableGauge(QueueDepthName, () => ObserveQueues(q => q.Depth), "{key}", "Keys waiting in a controller's work queue, by controller.");
        Meter.CreateObservableGauge(QueueDelayedName, () => ObserveQueues(q => q.Delayed), "{key}", "Keys scheduled for a later retry or timer, by controller.");
        reconcileDuration = Meter.CreateHistogram(ReconcileDurationName, "s", "Duration of one reconcile (work item), by controller and outcome (done, requeued, error, cancelled).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileBuckets });
        reconcileErrors = new CounterTable(Meter, ReconcileErrorsName, "{reconcile}", "Reconciles that threw and were retried with backoff, by controller.", "controller");
        apiRequests = Meter.CreateCounter<long>(ApiRequestsName, "{request}", "Kubernetes API requests by verb, resource and HTTP status code (\"error\" when no response).");
        apiRequestDuration = Meter.CreateHistogram(ApiRequestDurationName, "s", "Kubernetes API request latency (to the response headers; for watches, to the stream's start), by verb and resource.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ApiBuckets });
        watchRestarts = new CounterTable(Meter, WatchRestartsName, "{restart}", "Watch streams reopened, by resource and reason (StreamEnded, Expired, Error).", "resource", "reason");
        Meter.CreateObservableGauge(LeaderName, () => Volatile.Read(ref leader), "", "1 while this replica holds the leader Lease, else 0.");
        Meter.CreateObservableGauge(PreflightPassedName, () => Volatile.Read(ref preflightPassed), "", "1 once the startup preflight checks passed, else 0.");
        Meter.CreateObservableGauge(BuildInfoName, () => new Measurement<int>(1, buildInfo), "", "Always 1; the labels say which build runs.");

        // The reference worker's task metrics (ReferenceWorkerMetrics), for Oz tasks only.
        Meter.CreateObservableUpDownCounter(ReferenceWorkerMetrics.TasksActiveName, ObserveActiveOzTasks, description: "Number of tasks the worker is currently executing.");
        workerCompleted = new CounterTable(Meter, ReferenceWorkerMetrics.TasksCompletedName, "", "Total tasks the worker has finished, labeled by terminal result.", "result");
        workerDuration = Meter.CreateHistogram<double>(ReferenceWorkerMetrics.TaskDurationName, "s", "Wall-clock duration of task execution on the worker, labeled by terminal result.");
        workerFailures = new CounterTable(Meter, ReferenceWorkerMetrics.TaskFailuresName, "", "Task failures labeled by bounded execution phase and reason.", "phase", "reason");
        foreach (var result in ReferenceWorkerMetrics.Results)
        {
            workerCompleted.Prime(result);
        }

        foreach (var phase in ReferenceWorkerMetrics.FailurePhases)
        {
            foreach (var reason in OzFailureReasons.Reference)
            {
                workerFailures.Prime(phase, reason);
            }
        }

        foreach (var result in TerminalPhases)
        {
            tasksFinished.Prime(result.ToString());
        }

        foreach (var reason in FailureReasons)
        {
            taskFailures.Prime(reason);
        }
    }

    /// <summary>The phases a finished task ends in, each a value of the <c>result</c> label.</summary>
    public static IReadOnlyList<AgentTaskPhase> TerminalPhases { get; } =
        [.. Enum.GetValues<AgentTaskPhase>().Where(p => p.IsTerminal())];

    /// <summary>Every value of the <c>reason</c> label of <see cref="TaskFailuresName"/>.</summary>
    public static IReadOnlyList<string> FailureReasons { get; } =
        [.. Enum.GetNames<FailureReason>(), UnknownReason];

    public Meter Meter { get; }

    /// <summary>The running build's version (without the commit).</summary>
    public static string Version => BuildVersion().Version;

    public bool IsLeader => Volatile.Read(ref leader) == 1;

    /// <summary>A task reached <paramref name="phase"/> (terminal) after <paramref name="duration"/>; <paramref name="reason"/> for failures.</summary>
    public void RecordTaskTerminal(AgentTaskPhase phase, FailureReason? reason, TimeSpan duration)
    {
        if (!phase.IsTerminal())
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase, "Only terminal phases finish a task.");
        }

        var result = Tag("result", phase.ToString());
        tasksFinished.Add(phase.ToString());
        taskDuration.Record(Math.Max(0, duration.TotalSeconds), result);
        if (phase == AgentTaskPhase.Failed)
        {
            taskFailures.Add(reason?.ToString() ?? UnknownReason);
        }
    }

    /// <summary>An Oz task reached <paramref name="phase"/> (terminal): the reference worker's completed, duration and failure series.</summary>
    public void RecordOzTaskTerminal(AgentTaskPhase phase, FailureReason? reason, TimeSpan duration)
    {
        var result = phase.ToString().ToLowerInvariant();
        workerCompleted.Add(result);
        workerDuration.Record(Math.Max(0, duration.TotalSeconds), Tag("result", result));
        if (phase == AgentTaskPhase.Failed)
        {
            workerFailures.Add(ReferenceWorkerMetrics.BackendPhase, OzFailureReasons.From(reason));
        }
    }

    /// <summary>A task's Job was created <paramref name="latency"/> after the AgentTask.</summary>
    public void RecordDispatch(TimeSpan latency) => dispatchLatency.Record(Math.Max(0, latency.TotalSeconds));

    /// <summary>Reports the depth of a controller's queue on every collection.</summary>
    public void ObserveQueue(string controller, Func<int> depth, Func<int>? delayed = null) =>
        queues[controller] = (depth, delayed ?? (() => 0));

    public void RecordReconcile(string controller, TimeSpan duration, ReconcileOutcome outcome)
    {
        reconcileDuration.Record(duration.TotalSeconds, Tag("controller", controller), Tag("outcome", OutcomeLabel(outcome)));
        if (outcome == ReconcileOutcome.Error)
        {
            reconcileErrors.Add(controller);
        }
    }

    /// <summary>Creates the reconcile-error series of <paramref name="controller"/> at zero.</summary>
    public void PrimeController(string controller) => reconcileErrors.Prime(controller);

    public void RecordApiRequest(string verb, string resource, string code, TimeSpan duration)
    {
        apiRequests.Add(1, Tag("verb", verb), Tag("resource", resource), Tag("code", code));
        apiRequestDuration.Record(duration.TotalSeconds, Tag("verb", verb), Tag("resource", resource));
    }

    public void RecordWatchRestart(string resource, WatchRestartReason reason) =>
        watchRestarts.Add(resource, reason.ToString());

    /// <summary>Creates the watch-restart series of <paramref name="resource"/> at zero, one per reason.</summary>
    public void PrimeWatch(string resource)
    {
        foreach (var reason in Enum.GetValues<WatchRestartReason>())
        {
            watchRestarts.Prime(resource, reason.ToString());
        }
    }

    public void SetLeader(bool isLeader) => Volatile.Write(ref leader, isLeader ? 1 : 0);

    public void RecordPreflight(bool passed) => Volatile.Write(ref preflightPassed, passed ? 1 : 0);

    /// <summary>Reports <see cref="TasksName"/> by phase from <paramref name="cache"/> on every collection (no API calls).</summary>
    public void ObserveTasks(IObjectCache<AgentTask> cache) => taskCache = cache;

    public void Dispose() => Meter.Dispose();

    internal static string OutcomeLabel(ReconcileOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);

    private IEnumerable<Measurement<int>> ObserveTaskPhases()
    {
        if (taskCache is not { HasSynced: true } cache || !IsLeader)
        {
            return [];
        }

        var counts = Enum.GetValues<AgentTaskPhase>().ToDictionary(p => p, _ => 0);
        foreach (var task in cache.List())
        {
            // A task the controller has not looked at yet has no phase: it is Pending.
            counts[task.Status?.Phase ?? AgentTaskPhase.Pending]++;
        }

        return [.. counts.Select(c => new Measurement<int>(c.Value, Tag("phase", c.Key.ToString())))];
    }

    private IEnumerable<Measurement<int>> ObserveActiveOzTasks()
    {
        if (taskCache is not { HasSynced: true } cache || !IsLeader)
        {
            return [];
        }

        return [new Measurement<int>(cache.List().Count(t => !string.IsNullOrEmpty(t.Spec?.TaskId) && t.Status?.Phase?.IsTerminal() != true))];
    }

    private IEnumerable<Measurement<int>> ObserveQueues(Func<(Func<int> Depth, Func<int> Delayed), Func<int>> pick) =>
        [.. queues.Select(q => new Measurement<int>(pick(q.Value)(), Tag("controller", q.Key)))];

    private static (string Version, string? Commit) BuildVersion()
    {
        var informational = typeof(OperatorMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(OperatorMetrics).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informational, null) : (informational[..plus], informational[(plus + 1)..]);
    }
}
