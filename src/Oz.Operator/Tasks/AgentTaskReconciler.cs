using System.Collections.Concurrent;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.Cluster;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Queueing;
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
    /// <summary>Held until the task's Job is gone, so deleting an AgentTask always deletes its Job first.</summary>
    /// <remarks>
    /// It costs one write per task, and is kept on purpose: the Job's ownerReference makes the
    /// garbage collector delete the Job on a Background or Foreground deletion, but not on an
    /// orphaning one (the Job would run on unwatched), and without it a deleted task vanishes with
    /// no Cancelled status, Event or report to Oz. It cannot ride on a status write (status is a
    /// subresource; a status patch ignores metadata), so it is sent in parallel with the Job create
    /// instead (see docs/performance.md).
    /// </remarks>
    public const string Finalizer = "oz.warp.dev/job-cleanup";

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

    /// <summary>Jobs created by this process that the Job cache may not show yet: they hold a slot.</summary>
    private readonly ConcurrentDictionary<ObjectKey, byte> started = new();

    /// <summary>Slot decisions are serialised so two workers never give away the same slot.</summary>
    private readonly SemaphoreSlim admission = new(1, 1);

    /// <summary>Our own writes the task cache may not show yet.</summary>
    private readonly WrittenTasks written = new();

    /// <summary>Jobs this process asked to delete (key → uid): no second DELETE while the cache catches up.</summary>
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

    private async Task<ReconcileResult> AdvanceAsync(AgentTask task, V1Job? job, CancellationToken cancellationToken)
    {
        // The finalizer write and the Job create go out together: neither needs the other's
        // answer, and a new task waits one round trip less for its Job. The Job carries an
        // ownerReference to the task, so if the task is deleted before its finalizer lands the
        // garbage collector removes the Job; the finalizer covers everything after. The status
        // write comes after both: it needs the finalizer write's resourceVersion.
        var finalizing = task.Metadata.Finalizers?.Contains(Finalizer) == true
            ? Task.FromResult(task)
            : client.SetFinalizersAsync(task, [.. task.Metadata.Finalizers ?? [], Finalizer], cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var observation = new TaskObservation(task, now) { SpecProblem = TaskSpecValidator.Validate(task, options) };
        var observing = observation.SpecProblem is null
            ? ObserveJobAsync(observation, job, cancellationToken)
            : Task.FromResult<(TaskObservation, TimeSpan?)>((observation, null));
        await Task.WhenAll(finalizing, observing);

        var withFinalizer = await finalizing;
        if (!ReferenceEquals(withFinalizer, task))
        {
            written.Wrote(task, withFinalizer);
            task = withFinalizer;
        }

        (observation, var eventsDeferred) = await observing;
        observation = observation with { Task = task };

        var classification = TaskStatusClassifier.Classify(observation, options);
        var status = classification.Status;
        if (classification.IsTerminal && classification.FailedContainer is { } container && observation.Pod is { } pod)
        {
            status.Message = StatusText.WithLogTail(status.Message ?? "", container, await LogTailAsync(pod, container, cancellationToken));
        }

        if (ProgressWait(task, classification, now) is { } progressWait)
        {
            return ReconcileResult.After(new[] { classification.RecheckAfter, eventsDeferred, progressWait }.Where(t => t is not null).Min()!.Value);
        }

        if (StartedSpecChange.IsIgnored(task))
        {
            Events.Record(task, StartedSpecChange.Event(task), cancellationToken);
        }

        await WriteStatusAsync(task, status, cancellationToken);
        if (!classification.IsTerminal)
        {
            var recheck = new[] { classification.RecheckAfter, eventsDeferred }.Where(t => t is not null).Min();
            return recheck is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
        }

        if (observation.Job is { } finished && ((options.Cleanup && !KeptForInspection(status)) || classification.StopJob))
        {
            await DeleteJobAsync(finished, cancellationToken);
        }

        Release(ObjectKey.Of(task));
        return RetentionResult(task, status);
    }

    /// <summary>
    /// Finds (confirming with the API server when the cache may lag) or creates the task's Job, and
    /// says when to look again if reading its Events was put off.
    /// </summary>
    private async Task<(TaskObservation Observation, TimeSpan? EventsDeferred)> ObserveJobAsync(TaskObservation observation, V1Job? job, CancellationToken cancellationToken)
    {
        var task = observation.Task;
        if (job is null && (RecordsJob(task) || started.ContainsKey(ObjectKey.Of(task))))
        {
            job = await ReadOwnJobAsync(task, cancellationToken);
            if (job is null)
            {
                return (observation with { JobVanished = true }, null);
            }
        }

        if (job is null && StartGate.Of(task) is not null)
        {
            // Held back until the gate's owner removes it; that update comes on the AgentTask watch.
            return (observation, null);
        }

        var created = false;
        if (job is null)
        {
            if (secretAccess is not null && await secretAccess.CheckAsync(task, cancellationToken) is { } secretRefused)
            {
                return (observation with { SpecProblem = secretRefused }, null);
            }

            V1Job desired;
            try
            {
                desired = JobBuilder.Build(task, options);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                return (observation with { SpecProblem = new TaskSpecProblem(FailureReason.ContainerCreate, $"the Job cannot be built: {e.Message}") }, null);
            }

            try
            {
                job = await StartIfSlotFreeAsync(task, desired, cancellationToken);
            }
            catch (JobCreateRefusedException refused)
            {
                return (Refused(observation, refused), null);
            }

            if (job is null)
            {
                return (observation with { Queued = true }, null);
            }

            created = true;
        }

        var pod = TaskPods.Select(job, pods.ListByLabel(TaskLabels.AgentTaskHash, LabelValues.Hash(task.Metadata.Name)));

        var (events, deferred) = created ? ([], null) : await EventsAsync(job, pod, observation.Now, cancellationToken);
        return (observation with { Job = job, Pod = pod, Events = events }, deferred);
    }

    /// <summary>Creates the Job when a slot is free (null: the task stays Queued).</summary>
    private async Task<V1Job?> StartIfSlotFreeAsync(AgentTask task, V1Job desired, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(task);
        await admission.WaitAsync(cancellationToken);
        try
        {
            if (options.MaxConcurrentTasks > 0 && !TaskQueueOrder.MayStart(task, TasksIn(key.Namespace), HasJob, options.MaxConcurrentTasks))
            {
                return null;
            }

            started[key] = 0;
        }
        finally
        {
            admission.Release();
        }

        try
        {
            var created = await client.CreateJobAsync(desired, cancellationToken);
            if (created is not null)
            {
                logger.LogInformation("Created Job {Job} for AgentTask {Task}", desired.Metadata.Name, key);
                return created;
            }

            // 409: the Job exists (an earlier run of the operator made it, the cache lags): adopt it
            // if it is this task's own.
            return await AdoptExistingJobAsync(task, desired, cancellationToken);
        }
        catch
        {
            started.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Cancellation and deletion: delete the Job, wait until it is gone, then record Cancelled and let go.</summary>
    private async Task<ReconcileResult> CancelAsync(AgentTask task, V1Job? job, CancellationToken cancellationToken)
    {
        if (job is null && (RecordsJob(task) || started.ContainsKey(ObjectKey.Of(task))))
        {
            job = await ReadOwnJobAsync(task, cancellationToken);
        }

        if (job is not null)
        {
            if (job.Metadata.DeletionTimestamp is null)
            {
                logger.LogInformation("Deleting Job {Job} of cancelled AgentTask {Task}", job.Metadata.Name, ObjectKey.Of(task));
                await DeleteJobAsync(job, cancellationToken);
            }

            // The Job's deletion (seen on the Job watch) queues this task again.
            return ReconcileResult.Done;
        }

        if (!IsTerminal(task))
        {
            var cancelled = TaskStatusClassifier.Classify(new TaskObservation(task, time.GetUtcNow().UtcDateTime), options).Status;
            task = await WriteStatusAsync(task, cancelled, cancellationToken);
        }

        Release(ObjectKey.Of(task));
        if (task.Metadata.DeletionTimestamp is not null)
        {
            if (task.Metadata.Finalizers?.Contains(Finalizer) == true)
            {
                if (OzReportWait(task, cancellationToken) is { } wait)
                {
                    // The bridge's reportedToOz write arrives on the AgentTask watch and queues this
                    // task again; the timer only ends the wait when it never comes.
                    return ReconcileResult.After(wait);
                }

                await client.SetFinalizersAsync(task, task.Metadata.Finalizers.Where(f => f != Finalizer).ToList(), cancellationToken);
                written.Forget(ObjectKey.Of(task));
            }

            return ReconcileResult.Done;
        }

        return RetentionResult(task, task.Status);
    }

    /// <summary>
    /// How much longer a deleted task keeps its finalizer for the Oz bridge to report its result;
    /// null: let go now. Only an Oz task this worker claimed (<see cref="OzClaim"/>), of an operator
    /// connected to Oz, waits, until
    /// reportedToOz, and at most <see cref="OzReportTimeout"/> after its deletionTimestamp: without
    /// the wait the AgentTask could vanish from the bridge's cache before it was reported, and Oz
    /// would never learn the task was cancelled.
    /// </summary>
    private TimeSpan? OzReportWait(AgentTask task, CancellationToken cancellationToken)
    {
        if (!ozConnected || !OzClaim.IsClaimedBy(task, options.WorkerId) || task.Status?.ReportedToOz == true
            || task.Metadata.DeletionTimestamp is not { } deleted)
        {
            return null;
        }

        var left = ApiTime.Truncate(deleted) + OzReportTimeout - time.GetUtcNow().UtcDateTime;
        if (left > TimeSpan.Zero)
        {
            return left;
        }

        logger.LogWarning(
            "AgentTask {Task} (Oz task {TaskId}) was deleted {Timeout} ago and its result is still not reported to Oz; removing the finalizer anyway",
            ObjectKey.Of(task), task.Spec.TaskId, OzReportTimeout);
        Events.Record(task, new TaskEvent(
            TaskEvent.Warning,
            "OzReportTimeout",
            "Finalize",
            $"The result of Oz task {task.Spec.TaskId} was not reported to Oz within {OzReportTimeout.TotalMinutes:0} minutes of the deletion; the AgentTask is deleted anyway."),
            cancellationToken);
        return null;
    }

    /// <summary>A finished task: make sure its Job is cleaned up, then wait out the retention.</summary>
    private async Task<ReconcileResult> AfterTerminalAsync(AgentTask task, V1Job? job, CancellationToken cancellationToken)
    {
        Release(ObjectKey.Of(task));
        if (job is { Metadata.DeletionTimestamp: null } && ((options.Cleanup && !KeptForInspection(task.Status)) || Lingers(job, task)))
        {
            await DeleteJobAsync(job, cancellationToken);
        }

        if (StartedSpecChange.IsIgnored(task))
        {
            Events.Record(task, StartedSpecChange.Event(task), cancellationToken);
            task = await WriteStatusAsync(task, StartedSpecChange.Observed(task.Status!, task.Metadata.Generation), cancellationToken);
        }

        if (TaskRetention.AnnotationProblem(task) is { } problem)
        {
            Events.Record(task, new TaskEvent(TaskEvent.Warning, "InvalidDeleteAfter", "Retain", problem), cancellationToken);
        }

        var remaining = TaskRetention.Remaining(task, options, time.GetUtcNow().UtcDateTime);
        if (remaining == TimeSpan.Zero)
        {
            logger.LogInformation("Deleting AgentTask {Task}: its retention has passed", ObjectKey.Of(task));
            await client.DeleteTaskAsync(task, cancellationToken);
            return ReconcileResult.Done;
        }

        return remaining is { } left ? ReconcileResult.After(Min(left, TaskRetention.MaxWait)) : ReconcileResult.Done;
    }

    /// <summary>Look again when the retention of a task that just finished runs out.</summary>
    private ReconcileResult RetentionResult(AgentTask task, AgentTaskStatus? status)
    {
        var view = new AgentTask { Metadata = task.Metadata, Spec = task.Spec, Status = status };
        return TaskRetention.Remaining(view, options, time.GetUtcNow().UtcDateTime) is { } remaining
            ? ReconcileResult.After(Min(remaining, TaskRetention.MaxWait))
            : ReconcileResult.Done;
    }

    /// <summary>How long to hold back a status that only reports routine progress in the recorded phase; null: write now.</summary>
    private static TimeSpan? ProgressWait(AgentTask task, TaskClassification classification, DateTime now)
    {
        if (classification.ProgressSince is not { } since
            || task.Status?.Phase != classification.Status.Phase
            || TaskStatusEquality.SameOwnedFields(task.Status, classification.Status))
        {
            return null;
        }

        var elapsed = now.ToUniversalTime() - since.ToUniversalTime();
        return elapsed >= ProgressWriteDelay ? null : ProgressWriteDelay - (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed);
    }

    /// <summary>Deletes a Job once: the memo lasts until the Job leaves the cache.</summary>
    private async Task DeleteJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(job);
        var uid = job.Metadata.Uid ?? "";
        if (uid.Length > 0 && deletingJobs.TryGetValue(key, out var deleting) && deleting == uid)
        {
            return;
        }

        await client.DeleteJobAsync(job.Metadata.NamespaceProperty, job.Metadata.Name, job.Metadata.Uid, cancellationToken);
        deletingJobs[key] = uid;
    }

    /// <summary>Writes the status when it changed, then records the transition as an Event.</summary>
    private async Task<AgentTask> WriteStatusAsync(AgentTask task, AgentTaskStatus desired, CancellationToken cancellationToken)
    {
        if (TaskStatusEquality.SameOwnedFields(task.Status, desired))
        {
            return task;
        }

        var updated = await client.PatchStatusAsync(task, desired, cancellationToken);
        written.Wrote(task, updated);
        if (task.Status?.Phase != desired.Phase && desired.Phase is { } phase)
        {
            Events.Record(updated, TransitionEvent(phase, desired), cancellationToken);
        }

        return updated;
    }

    private static TaskEvent TransitionEvent(AgentTaskPhase phase, AgentTaskStatus status) =>
        phase == AgentTaskPhase.Failed
            ? new TaskEvent(TaskEvent.Warning, status.Reason?.ToString() ?? "Failed", "Transition", status.Message ?? "The task failed.")
            : new TaskEvent(TaskEvent.Normal, phase.ToString(), "Transition", status.Message ?? phase.ToString());

    private async Task<string> LogTailAsync(V1Pod pod, string container, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ReadLogTailAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container, StatusText.MaxLogTailBytes, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read the log of container {Container} of pod {Pod}", container, pod.Metadata.Name);
            return "";
        }
    }

    /// <summary>
    /// Events are read only when they can explain a wait (a Job without pod, a pod being created)
    /// and only once that wait has lasted <see cref="EventsGrace"/>; before, the delay to look again.
    /// </summary>
    private async Task<(IReadOnlyList<Corev1Event> Events, TimeSpan? Deferred)> EventsAsync(V1Job job, V1Pod? pod, DateTime now, CancellationToken cancellationToken)
    {
        var waiting = pod is null
            ? job.Status?.Conditions?.Any(c => c.Status == "True") != true
            : pod.Status?.Phase == "Pending" && !string.IsNullOrEmpty(pod.Spec?.NodeName);
        if (!waiting)
        {
            return ([], null);
        }

        var meta = pod?.Metadata ?? job.Metadata;
        var age = now - (meta.CreationTimestamp?.ToUniversalTime() ?? DateTime.MinValue);
        if (age < EventsGrace)
        {
            return ([], EventsGrace - age);
        }

        return (await client.ListEventsAsync(meta.NamespaceProperty, meta.Name, cancellationToken), null);
    }

    /// <summary>
    /// Frees the task's slot and wakes the queued tasks that may now start. The task itself is left
    /// out of the count: the cache may not show yet that it finished.
    /// </summary>
    private void Release(ObjectKey key)
    {
        started.TryRemove(key, out _);
        if (options.MaxConcurrentTasks <= 0)
        {
            return;
        }

        var others = TasksIn(key.Namespace).Where(t => ObjectKey.Of(t) != key).ToList();
        foreach (var next in TaskQueueOrder.NextToStart(others, HasJob, options.MaxConcurrentTasks))
        {
            enqueue(next);
        }
    }

    private List<AgentTask> TasksIn(string @namespace) =>
        tasks.List().Where(t => (t.Metadata.NamespaceProperty ?? "") == @namespace).ToList();

    private bool HasJob(AgentTask task) =>
        started.ContainsKey(ObjectKey.Of(task))
        || RecordsJob(task)
        || jobs.Get(new ObjectKey(task.Metadata.NamespaceProperty ?? "", JobNaming.JobNameFor(task))) is not null;

    /// <summary>The stored status says a Job was created.</summary>
    private static bool RecordsJob(AgentTask task) =>
        task.Status?.Conditions?.Any(c => c.Type == ConditionTypes.JobCreated && c.Status == "True") == true;

    private static bool IsTerminal(AgentTask task) => task.Status?.Phase is { } phase && phase.IsTerminal();

    /// <summary>A Job that Kubernetes does not consider finished: it would run or wait until its deadline.</summary>
    /// <summary>
    /// A failed task's finished Job (and pod) stays for <c>kubectl logs</c> and <c>describe</c> until its
    /// ttlSecondsAfterFinished, as the reference worker does; a Job still running is stopped regardless.
    /// </summary>
    private static bool KeptForInspection(AgentTaskStatus? status) => status?.Phase == AgentTaskPhase.Failed;

    private bool Lingers(V1Job job, AgentTask task)
    {
        var finished = job.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed" or "FailureTarget" or "SuccessCriteriaMet") == true;
        if (finished)
        {
            return false;
        }

        var pod = TaskPods.Select(job, pods.ListByLabel(TaskLabels.AgentTaskHash, LabelValues.Hash(task.Metadata.Name)));
        return pod?.Status?.Phase is not ("Succeeded" or "Failed");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
