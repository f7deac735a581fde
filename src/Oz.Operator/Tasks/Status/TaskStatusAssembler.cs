using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>Turns a verdict into the full status: names, times, exit code and conditions.</summary>
internal static class TaskStatusAssembler
{
    public static AgentTaskStatus Assemble(TaskObservation o, Verdict verdict)
    {
        var previous = o.Task.Status;
        var terminal = verdict.Phase.IsTerminal();
        var generation = o.Task.Metadata.Generation;

        // Whole seconds, as the API server stores them: a status read back then compares equal,
        // so an unchanged status is never written again.
        var startTime = Truncate(previous?.StartTime ?? StartTime(o, verdict));
        var completionTime = terminal ? Truncate(verdict.CompletionTime ?? o.Now) : null;
        return new AgentTaskStatus
        {
            Phase = verdict.Phase,
            Reason = verdict.Reason,
            Message = StatusText.Head(verdict.Message, StatusText.MaxMessageBytes),
            JobName = o.Job?.Metadata.Name ?? previous?.JobName,
            PodName = o.Pod?.Metadata.Name ?? previous?.PodName,
            NodeName = NonEmpty(o.Pod?.Spec?.NodeName) ?? previous?.NodeName,
            StartTime = startTime,
            CompletionTime = completionTime,
            Duration = startTime is { } start && completionTime is { } end ? TaskDuration.Format(start, end) : null,
            ExitCode = verdict.ExitCode,
            ObservedGeneration = generation,
            ReportedToOz = previous?.ReportedToOz,
            Conditions = TaskConditions.Merge(previous?.Conditions, Conditions(o, verdict, generation), o.Now),
        };
    }

    private static DateTime? Truncate(DateTime? time) => time is { } t ? ApiTime.Truncate(t) : null;

    /// <summary>When the task container started; set once the task runs (or has run).</summary>
    private static DateTime? StartTime(TaskObservation o, Verdict verdict)
    {
        if (verdict.Phase is not (AgentTaskPhase.Running or AgentTaskPhase.Succeeded or AgentTaskPhase.Failed) || o.Pod is null)
        {
            return null;
        }

        var task = PodFacts.TaskContainer(o.Pod);
        return task?.State?.Running?.StartedAt ?? task?.State?.Terminated?.StartedAt ?? o.Pod.Status?.StartTime;
    }

    private static IEnumerable<V1Condition> Conditions(TaskObservation o, Verdict verdict, long? generation)
    {
        var phase = verdict.Phase.ToString();
        yield return o.SpecProblem is { } problem
            ? TaskConditions.Make(ConditionTypes.Accepted, false, "InvalidSpec", problem.Message, generation)
            : TaskConditions.Make(ConditionTypes.Accepted, true, "Accepted", "The operator accepted the task.", generation);

        var hadJob = o.Task.Status?.Conditions?.Any(c => c.Type == ConditionTypes.JobCreated && c.Status == "True") == true;
        if (o.Job is { } job)
        {
            yield return TaskConditions.Make(ConditionTypes.JobCreated, true, "JobCreated", $"Job {job.Metadata.Name} was created.", generation);
        }
        else if (o.JobVanished)
        {
            yield return TaskConditions.Make(ConditionTypes.JobCreated, false, "JobDeleted", verdict.Message, generation);
        }
        else if (!hadJob)
        {
            yield return TaskConditions.Make(ConditionTypes.JobCreated, false, phase, verdict.Message, generation);
        }

        if (o.Pod is { } pod && PodFacts.Condition(pod, "PodScheduled") is { } scheduled)
        {
            var isScheduled = scheduled.Status == "True";
            var reason = NonEmpty(scheduled.Reason) ?? (isScheduled ? "Scheduled" : "Pending");
            var message = NonEmpty(scheduled.Message) ?? (isScheduled ? $"Pod {pod.Metadata.Name} is scheduled on node {pod.Spec?.NodeName}." : $"Pod {pod.Metadata.Name} is not scheduled.");
            yield return TaskConditions.Make(ConditionTypes.PodScheduled, isScheduled, reason, message, generation);
        }

        var running = verdict.Phase == AgentTaskPhase.Running;
        yield return TaskConditions.Make(ConditionTypes.Running, running, phase, running ? verdict.Message : $"The task is {phase}.", generation);

        var completed = verdict.Phase.IsTerminal();
        yield return TaskConditions.Make(ConditionTypes.Completed, completed, verdict.Reason?.ToString() ?? phase,
            completed ? verdict.Message : "The task has not finished.", generation);

        foreach (var condition in KstatusConditions.For(verdict.Phase, verdict.Reason, verdict.Message, generation))
        {
            yield return condition;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
