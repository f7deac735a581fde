using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tasks;

/// <summary>
/// Dispatch and status: a task that is not finished gets its Job (created once, or found again), and
/// its status is classified from the Job, pod and Events and written when it changed.
/// </summary>
public sealed partial class AgentTaskReconciler
{
    private async Task<ReconcileResult> AdvanceAsync(AgentTask task, V1Job? job, CancellationToken cancellationToken)
    {
        // The finalizer write and the Job create go out together: neither needs the other's
        // answer, and a new task waits one round trip less for its Job. The Job carries an
        // ownerReference to the task, so if the task is deleted before its finalizer lands the
        // garbage collector removes the Job; the finalizer covers everything after. The status
        // write comes after both: it needs the finalizer write's resourceVersion.
        var finalizing = task.Metadata.Finalizers?.Contains(AgentTaskFinalizer.JobCleanup) == true
            ? Task.FromResult(task)
            : client.SetFinalizersAsync(task, [.. task.Metadata.Finalizers ?? [], AgentTaskFinalizer.JobCleanup], cancellationToken);

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

        if (GatedWait(observation, classification, now) is { } gatedWait)
        {
            // The gate's removal arrives on the AgentTask watch and queues the task before this.
            return ReconcileResult.After(gatedWait);
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

        var pod = TaskPods.Select(job, pods.ListByLabel(TaskLabels.AgentTaskHash, KubernetesNames.LabelHash(task.Metadata.Name)));

        var (events, deferred) = created ? ([], null) : await EventsAsync(job, pod, observation.Now, cancellationToken);
        return (observation with { Job = job, Pod = pod, Events = events }, deferred);
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

    /// <summary>How long to hold back the first status of a task waiting on its start gate; null: write now.</summary>
    private static TimeSpan? GatedWait(TaskObservation observation, TaskClassification classification, DateTime now)
    {
        var task = observation.Task;
        if (task.Status?.Phase is not null || observation.Job is not null || classification.IsTerminal
            || StartGate.Of(task) is null || task.Metadata.CreationTimestamp is not { } created)
        {
            return null;
        }

        var elapsed = now.ToUniversalTime() - created.ToUniversalTime();
        return elapsed >= GatedStatusDelay ? null : GatedStatusDelay - (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed);
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
}
