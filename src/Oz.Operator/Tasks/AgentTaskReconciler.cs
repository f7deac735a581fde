using System.Collections.Concurrent;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Security;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tasks;

/// <summary>
/// Moves one AgentTask a step towards its desired state: finalizer, Job (created once, adopted
/// after a restart), status from the classifier, cancellation, cleanup and retention. Reads only
/// the caches (plus a live read to confirm a Job is really gone); writes go through
/// <see cref="ITaskClusterClient"/>.
/// </summary>
/// <remarks>
/// Choices worth knowing:
/// <list type="bullet">
/// <item>Every Secret the spec references is checked (<see cref="TaskSecretAccessCheck"/>) right
/// before the Job is created, once per task: a Secret that is missing or not opted in fails the task
/// with SecretNotAllowed and no Job. The Oz bridge holds its tasks back with a
/// <see cref="StartGate"/> until their env Secret exists.</item>
/// <item>Status is written with the cached resourceVersion as precondition: a stale cache gives a
/// 409 that the queue retries, so a verdict is never based on an outdated status.</item>
/// <item>Events are queued after the status write that records the transition succeeded and are
/// written by <see cref="TaskEventRecorder"/> off the reconcile's critical path: a reconcile makes
/// only the round trips the task's state needs.</item>
/// <item>Without maxConcurrentTasks no slot is counted: a dispatch reads no list of tasks, so a
/// burst of N tasks costs O(N), not O(N²).</item>
/// </list>
/// The work is split by concern over partial files around the one key-only entry,
/// <see cref="ReconcileAsync"/>: admission (slots), dispatch and status, finalize and cleanup, and
/// the Job-ownership answers.
/// <para>
/// Process-local state (the three memos below and the admission lock) only ever makes a reconcile
/// skip or wait for something the cluster is about to show; it never decides an outcome on its own.
/// Each memo covers the gap between a write of this process and the informer event that reflects
/// it, so a fresh process (a restart, or a new leader) starts with empty memos and reads the same
/// facts from the API server instead: Jobs that exist are in the Job cache (and a task whose status
/// records JobCreated is confirmed with a live read), statuses and finalizers are in the task cache,
/// and a Job already being deleted carries a deletionTimestamp. Only the leader reconciles, so two
/// processes never hold memos for the same task at once.
/// </para>
/// </remarks>
public sealed partial class AgentTaskReconciler(
    IObjectCache<AgentTask> tasks,
    IObjectCache<V1Job> jobs,
    IObjectCache<V1Pod> pods,
    ITaskClusterClient client,
    OperatorOptions options,
    Action<ObjectKey> enqueue,
    TimeProvider time,
    ILogger<AgentTaskReconciler> logger,
    bool ozConnected = false,
    TaskSecretAccessCheck? secretAccess = null) : IReconciler
{
    /// <summary>
    /// How long after its deletionTimestamp a deleted Oz task keeps its finalizer waiting for the Oz
    /// bridge to record its report (reportedToOz); then it goes anyway, so a deletion never hangs
    /// while Oz is unreachable.
    /// </summary>
    public static readonly TimeSpan OzReportTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Retry delay while the caches load or an old Job of the same name is being removed.</summary>
    internal static readonly TimeSpan WaitDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Events of a Job or pod younger than this are not read: a normal start has none worth the
    /// request. A task still waiting after it is looked at again, and its Events read then.
    /// </summary>
    internal static readonly TimeSpan EventsGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Routine progress inside a phase already recorded (a Starting pod scheduled, then started) is
    /// written once it has lasted this long: a pod that runs within it costs no status write for
    /// each step of its start, one that takes longer (a slow image pull) still shows where it is.
    /// Phase changes, problems and results are written at once.
    /// </summary>
    internal static readonly TimeSpan ProgressWriteDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A new task held by its start gate gets no status for this long: the gate's owner (the Oz
    /// bridge, once the env Secret exists) removes it within a round trip, and a Pending status
    /// written meanwhile would be a write on every Oz task that nobody reads. A gate that stays
    /// longer is shown as Pending then.
    /// </summary>
    internal static readonly TimeSpan GatedStatusDelay = TimeSpan.FromSeconds(2);

    /// <summary>Jobs created by this process that the Job cache may not show yet: they hold a slot.</summary>
    /// <remarks>
    /// Lost on restart without harm: a created Job is in the Job cache of the next process, whose
    /// caches are synced before it reconciles, and the JobCreated condition marks it too.
    /// </remarks>
    private readonly ConcurrentDictionary<ObjectKey, byte> started = new();

    /// <summary>Slot decisions are serialised so two workers of this process never give away the same slot.</summary>
    /// <remarks>Only the leader reconciles, so no other process takes slots at the same time.</remarks>
    private readonly SemaphoreSlim admission = new(1, 1);

    /// <summary>Our own writes the task cache may not show yet.</summary>
    /// <remarks>
    /// Lost on restart without harm: every write was accepted by the API server, so the next
    /// process's cache holds it; a write built on a stale copy is refused (resourceVersion
    /// precondition, 409) and retried.
    /// </remarks>
    private readonly WrittenTasks written = new();

    /// <summary>Jobs this process asked to delete (key → uid): no second DELETE while the cache catches up.</summary>
    /// <remarks>
    /// Lost on restart without harm: a Job being deleted carries a deletionTimestamp in the next
    /// process's cache, and a second DELETE of a gone Job is a 404 the client treats as done.
    /// </remarks>
    private readonly ConcurrentDictionary<ObjectKey, string> deletingJobs = new();

    /// <summary>Job deletes sent and remembered until the Job leaves the cache (or its task goes).</summary>
    internal int RememberedJobDeletes => deletingJobs.Count;

    /// <summary>Transition Events, written in the background.</summary>
    public TaskEventRecorder Events { get; } = new(client, logger);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!tasks.HasSynced || !jobs.HasSynced || !pods.HasSynced)
        {
            return ReconcileResult.After(WaitDelay);
        }

        var cached = tasks.Get(key);
        if (cached is null)
        {
            // Deleted: its Job went with it (finalizer, ownerReference); its slot is free. The memo of
            // a delete sent for its Job goes too: no later pass of this key would clear it.
            written.Forget(key);
            Release(key);
            deletingJobs.TryRemove(new ObjectKey(key.Namespace, JobNaming.JobNameFor(key.Namespace, key.Name)), out _);
            return ReconcileResult.Done;
        }

        var task = written.Freshest(cached);

        var jobKey = new ObjectKey(key.Namespace, JobNaming.JobNameFor(task));
        var job = jobs.Get(jobKey);
        if (job is null)
        {
            deletingJobs.TryRemove(jobKey, out _);
        }
        if (job is not null && JobOwnership.Of(job, task) is var owner && owner != JobOwner.ThisTask)
        {
            if (owner == JobOwner.EarlierTask)
            {
                // A Job of the same name from an earlier AgentTask of the same name, being garbage
                // collected: wait until it is gone rather than adopt a stranger.
                logger.LogInformation("Job {Job} belongs to an earlier AgentTask {Task}; waiting for it to go", job.Metadata.Name, key);
                return ReconcileResult.After(WaitDelay);
            }

            LogStranger(job, key);
            job = null;
        }

        if (TaskStatusClassifier.CancelRequested(task) && (task.Metadata.DeletionTimestamp is not null || !IsTerminal(task)))
        {
            return await CancelAsync(task, job, cancellationToken);
        }

        if (IsTerminal(task))
        {
            return await AfterTerminalAsync(task, job, cancellationToken);
        }

        return await AdvanceAsync(task, job, cancellationToken);
    }

    /// <summary>The stored status says a Job was created.</summary>
    private static bool RecordsJob(AgentTask task) =>
        task.Status?.Conditions?.Any(c => c.Type == ConditionTypes.JobCreated && c.Status == "True") == true;

    private static bool IsTerminal(AgentTask task) => task.Status?.Phase is { } phase && phase.IsTerminal();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
