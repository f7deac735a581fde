using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Queueing;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tasks;

/// <summary>
/// Finalize and cleanup: cancellation and deletion (delete the Job, wait until it is gone, record
/// Cancelled, wait for the Oz report, drop the finalizer), a finished task's Job cleanup and retention.
/// </summary>
public sealed partial class AgentTaskReconciler
{
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
            if (task.Metadata.Finalizers?.Contains(AgentTaskFinalizer.JobCleanup) == true)
            {
                if (OzReportWait(task, cancellationToken) is { } wait)
                {
                    // The bridge's reportedToOz write arrives on the AgentTask watch and queues this
                    // task again; the timer only ends the wait when it never comes.
                    return ReconcileResult.After(wait);
                }

                await client.SetFinalizersAsync(task, task.Metadata.Finalizers.Where(f => f != AgentTaskFinalizer.JobCleanup).ToList(), cancellationToken);
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

    /// <summary>
    /// A failed task's finished Job (and pod) stays for <c>kubectl logs</c> and <c>describe</c> until its
    /// ttlSecondsAfterFinished, as the reference worker does; a Job still running is stopped regardless.
    /// </summary>
    private static bool KeptForInspection(AgentTaskStatus? status) => status?.Phase == AgentTaskPhase.Failed;

    /// <summary>A Job that Kubernetes does not consider finished: it would run or wait until its deadline.</summary>
    private bool Lingers(V1Job job, AgentTask task)
    {
        var finished = job.Status?.Conditions?.Any(c => c.Status == "True" && c.Type is "Complete" or "Failed" or "FailureTarget" or "SuccessCriteriaMet") == true;
        if (finished)
        {
            return false;
        }

        var pod = TaskPods.Select(job, pods.ListByLabel(TaskLabels.AgentTaskHash, KubernetesNames.LabelHash(task.Metadata.Name)));
        return pod?.Status?.Phase is not ("Succeeded" or "Failed");
    }
}
