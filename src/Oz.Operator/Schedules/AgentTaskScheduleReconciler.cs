using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Schedules;

/// <summary>
/// Makes a schedule's runs, as the batch/v1 CronJob controller makes Jobs, from its key alone:
/// the schedule and its runs are read from the caches, the latest due time not yet run is started
/// (under the concurrency policy and the starting deadline), finished runs beyond the history
/// limits are deleted, the status is written when it changed, and the key asks to come back at the
/// next due time (<see cref="ReconcileResult.RequeueAfter"/>; no timer per schedule).
/// </summary>
/// <remarks>
/// A run's name comes from its due time (<see cref="ScheduleRuns.RunName"/>), so whatever this
/// reconciler believes (a stale cache, a restart between the create and the status write, a second
/// replica) a due time gets at most one run: the second create is refused with 409.
/// </remarks>
public sealed class AgentTaskScheduleReconciler(
    IObjectCache<AgentTaskSchedule> schedules,
    IObjectCache<AgentTask> tasks,
    IScheduleClusterClient client,
    TaskEventRecorder events,
    TimeProvider time,
    ILogger<AgentTaskScheduleReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var schedule = schedules.Get(key);
        if (schedule is null || schedule.Metadata.DeletionTimestamp is not null)
        {
            // Gone or going: its runs go with it by garbage collection (they are owned by it).
            return ReconcileResult.Done;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var runs = tasks.List()
            .Where(t => t.Metadata.NamespaceProperty == key.Namespace && ScheduleRuns.IsRunOf(t, schedule.Metadata.Uid))
            .Where(t => t.Metadata.DeletionTimestamp is null)
            .ToList();
        var finished = Finished(schedule, runs);
        runs = await PruneAsync(schedule, runs, cancellationToken).ConfigureAwait(false);
        var active = runs.Where(r => r.Status?.Phase?.IsTerminal() != true).ToList();

        var cron = CronSchedule.TryParse(schedule.Spec, out var problem);
        var lastSchedule = schedule.Status?.LastScheduleTime;
        TimeSpan? requeue = null;
        if (cron is not null && schedule.Spec.Suspend != true)
        {
            (lastSchedule, requeue) = await StartDueRunAsync(schedule, cron, active, lastSchedule, now, cancellationToken).ConfigureAwait(false);
        }

        var previous = schedule.Status;
        var status = Status(schedule, active, finished, lastSchedule, problem, now);
        if (previous is null || KubernetesJson.Serialize(status) != KubernetesJson.Serialize(previous))
        {
            await client.PatchStatusAsync(schedule, status, cancellationToken).ConfigureAwait(false);
        }

        // Once per problem, not once per reconcile: the Stalled condition already says it.
        if (problem is not null && !WasStalledBy(previous, problem.Reason))
        {
            events.Record(schedule, new TaskEvent(TaskEvent.Warning, problem.Reason, "Schedule", problem.Message), cancellationToken);
        }

        return requeue is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>Starts the latest due time not run yet, if the policy allows; returns the new lastScheduleTime and when to look again.</summary>
    private async Task<(DateTime? LastSchedule, TimeSpan? Requeue)> StartDueRunAsync(
        AgentTaskSchedule schedule, CronSchedule cron, List<AgentTask> active, DateTime? lastSchedule, DateTime now, CancellationToken cancellationToken)
    {
        var next = cron.Next(now);
        TimeSpan? requeue = next is { } n ? n - now : null;

        var since = lastSchedule ?? schedule.Metadata.CreationTimestamp ?? now;
        if (schedule.Spec.StartingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > since)
        {
            // Due times older than the deadline are skipped, not made up for.
            since = now.AddSeconds(-deadline);
        }

        var (due, count) = cron.LatestDue(since, now);
        if (count > CronSchedule.MaxMissedTimes)
        {
            events.Record(schedule, new TaskEvent(TaskEvent.Warning, "TooManyMissedTimes", "Schedule",
                $"More than {CronSchedule.MaxMissedTimes} due times were missed since {since:yyyy-MM-ddTHH:mm:ssZ}; only the latest is run. "
                + "Set or lower startingDeadlineSeconds, or check the clock."), cancellationToken);
        }

        if (due is not { } scheduledTime)
        {
            return (lastSchedule, requeue);
        }

        var name = ScheduleRuns.RunName(schedule.Metadata.Name, scheduledTime);
        if (tasks.Get(new ObjectKey(schedule.Metadata.NamespaceProperty ?? "", name)) is not null)
        {
            return (Later(lastSchedule, scheduledTime), requeue);
        }

        var policy = schedule.Spec.ConcurrencyPolicy ?? ConcurrencyPolicy.Forbid;
        if (policy == ConcurrencyPolicy.Forbid && active.Count > 0)
        {
            // Not run now. The due time stays the latest not run: when the active run ends (its
            // change wakes this schedule) it starts late, unless startingDeadlineSeconds has passed.
            logger.LogInformation(
                "Schedule {Schedule}: run due at {Due} not started, {Active} is still running and concurrencyPolicy is Forbid",
                ObjectKey.Of(schedule), scheduledTime, active[0].Metadata.Name);
            return (lastSchedule, requeue);
        }

        if (policy == ConcurrencyPolicy.Replace)
        {
            foreach (var run in active)
            {
                await client.DeleteRunAsync(run, cancellationToken).ConfigureAwait(false);
                events.Record(schedule, new TaskEvent(TaskEvent.Normal, "RunReplaced", "Delete",
                    $"Deleted unfinished run {run.Metadata.Name} for the run due at {scheduledTime:yyyy-MM-ddTHH:mm:ssZ} (concurrencyPolicy Replace)"), cancellationToken);
            }

            active.Clear();
        }

        var newRun = ScheduleRuns.Build(schedule, scheduledTime);
        if (await client.CreateRunAsync(newRun, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Schedule {Schedule}: created run {Run} due at {Due}", ObjectKey.Of(schedule), name, scheduledTime);
            events.Record(schedule, new TaskEvent(TaskEvent.Normal, "RunCreated", "Create",
                $"Created AgentTask {name} for the run due at {scheduledTime:yyyy-MM-ddTHH:mm:ssZ}"), cancellationToken);
        }

        active.Add(newRun);
        return (Later(lastSchedule, scheduledTime), requeue);
    }

    /// <summary>Deletes the oldest finished runs beyond the history limits; returns the runs left.</summary>
    private async Task<List<AgentTask>> PruneAsync(AgentTaskSchedule schedule, List<AgentTask> runs, CancellationToken cancellationToken)
    {
        var succeededLimit = schedule.Spec.SuccessfulRunsHistoryLimit ?? AgentTaskScheduleSpec.DefaultSuccessfulRunsHistoryLimit;
        var failedLimit = schedule.Spec.FailedRunsHistoryLimit ?? AgentTaskScheduleSpec.DefaultFailedRunsHistoryLimit;
        var beyond = Beyond(runs.Where(r => r.Status?.Phase == AgentTaskPhase.Succeeded), succeededLimit)
            .Concat(Beyond(runs.Where(r => r.Status?.Phase is AgentTaskPhase.Failed or AgentTaskPhase.Cancelled), failedLimit))
            .ToList();
        foreach (var run in beyond)
        {
            await client.DeleteRunAsync(run, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Schedule {Schedule}: deleted finished run {Run} beyond the history limit", ObjectKey.Of(schedule), run.Metadata.Name);
        }

        return runs.Except(beyond).ToList();

        static IEnumerable<AgentTask> Beyond(IEnumerable<AgentTask> finished, int limit) =>
            finished.OrderByDescending(ScheduleRuns.ScheduledTime).ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal).Skip(Math.Max(0, limit));
    }

    private static AgentTaskScheduleStatus Status(
        AgentTaskSchedule schedule, List<AgentTask> active, FinishedRuns finished, DateTime? lastSchedule, ScheduleProblem? problem, DateTime now)
    {
        var generation = schedule.Metadata.Generation;
        var computed = problem is not null
            ? new[]
            {
                TaskConditions.Make(ConditionTypes.Ready, false, problem.Reason, problem.Message, generation),
                TaskConditions.Make(ConditionTypes.Reconciling, false, problem.Reason, "the schedule cannot run until its spec is fixed", generation),
                TaskConditions.Make(ConditionTypes.Stalled, true, problem.Reason, problem.Message, generation),
            }
            : schedule.Spec.Suspend == true
                ? new[]
                {
                    TaskConditions.Make(ConditionTypes.Ready, true, "Suspended", "suspended: no new runs are started", generation),
                    TaskConditions.Make(ConditionTypes.Reconciling, false, "Suspended", "suspended", generation),
                    TaskConditions.Make(ConditionTypes.Stalled, false, "Suspended", "suspended", generation),
                }
                : new[]
                {
                    TaskConditions.Make(ConditionTypes.Ready, true, "Scheduled", $"runs on \"{schedule.Spec.Schedule}\" ({schedule.Spec.TimeZone ?? "Etc/UTC"})", generation),
                    TaskConditions.Make(ConditionTypes.Reconciling, false, "Scheduled", "the schedule is observed", generation),
                    TaskConditions.Make(ConditionTypes.Stalled, false, "Scheduled", "the schedule is valid", generation),
                };

        var previous = schedule.Status;
        var references = active
            .OrderBy(ScheduleRuns.ScheduledTime)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)
            .Select(r => new V1ObjectReference
            {
                ApiVersion = AgentTask.GroupVersion,
                Kind = AgentTask.KindName,
                Name = r.Metadata.Name,
                NamespaceProperty = r.Metadata.NamespaceProperty,
            })
            .ToList();
        return new AgentTaskScheduleStatus
        {
            Active = references.Count > 0 ? references : null,
            ActiveCount = references.Count,
            LastScheduleTime = lastSchedule is { } last ? ApiTime.Truncate(last) : null,
            LastSuccessfulTime = Later(previous?.LastSuccessfulTime, finished.LastSuccessfulTime) is { } success ? ApiTime.Truncate(success) : null,
            LastResult = finished.LastResult,
            LastFinishedTime = finished.LastFinishedTime is { } ended ? ApiTime.Truncate(ended) : null,
            Conditions = TaskConditions.Merge(previous?.Conditions, computed, now),
            ObservedGeneration = generation,
        };
    }

    /// <summary>
    /// The result of the latest run to finish, taken only when it finished after the one the status
    /// reports: a newer run pruned meanwhile (a history limit of 0) does not hand the result back
    /// to an older one.
    /// </summary>
    private static FinishedRuns Finished(AgentTaskSchedule schedule, List<AgentTask> runs)
    {
        var done = runs.Where(r => r.Status?.Phase?.IsTerminal() == true && r.Status.CompletionTime is not null).ToList();
        var latest = done.OrderByDescending(r => r.Status!.CompletionTime).ThenByDescending(ScheduleRuns.ScheduledTime).FirstOrDefault();
        var lastSuccess = done.Where(r => r.Status?.Phase == AgentTaskPhase.Succeeded).Select(r => r.Status!.CompletionTime).Max();
        var reported = schedule.Status?.LastFinishedTime;
        return latest is not null && (reported is null || latest.Status!.CompletionTime >= reported)
            ? new FinishedRuns(latest.Status!.Phase, latest.Status.CompletionTime, lastSuccess)
            : new FinishedRuns(schedule.Status?.LastResult, reported, lastSuccess);
    }

    private static bool WasStalledBy(AgentTaskScheduleStatus? status, string reason) =>
        status?.Conditions?.Any(c => c.Type == ConditionTypes.Stalled && c.Status == "True" && c.Reason == reason) == true;

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private sealed record FinishedRuns(AgentTaskPhase? LastResult, DateTime? LastFinishedTime, DateTime? LastSuccessfulTime);
}
