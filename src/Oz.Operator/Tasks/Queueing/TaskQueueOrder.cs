using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tasks.Queueing;

/// <summary>
/// maxConcurrentTasks as a pure rule: running tasks are the non-terminal ones that have a Job;
/// the others wait in creation order (oldest first, name breaking ties) and take free slots. A task
/// held at the start gate is not waiting for a slot (it could not use one), so it never keeps a
/// younger ready task from starting; once its gate is removed it queues by its age again.
/// </summary>
public static class TaskQueueOrder
{
    /// <summary>Whether <paramref name="task"/> may create its Job now.</summary>
    public static bool MayStart(AgentTask task, IReadOnlyCollection<AgentTask> all, Func<AgentTask, bool> hasJob, int maxConcurrentTasks)
    {
        if (maxConcurrentTasks <= 0)
        {
            return true;
        }

        var key = ObjectKey.Of(task);
        var waiting = Waiting(all, hasJob).Select(ObjectKey.Of).ToList();
        var rank = waiting.IndexOf(key);
        return rank >= 0 && rank < FreeSlots(all, hasJob, maxConcurrentTasks);
    }

    /// <summary>The waiting tasks that would get a slot now: the ones to wake when a slot frees.</summary>
    public static IReadOnlyList<ObjectKey> NextToStart(IReadOnlyCollection<AgentTask> all, Func<AgentTask, bool> hasJob, int maxConcurrentTasks)
    {
        var waiting = Waiting(all, hasJob);
        var take = maxConcurrentTasks <= 0 ? int.MaxValue : FreeSlots(all, hasJob, maxConcurrentTasks);
        return waiting.Take(take).Select(ObjectKey.Of).ToList();
    }

    public static int Running(IReadOnlyCollection<AgentTask> all, Func<AgentTask, bool> hasJob) =>
        all.Count(t => !IsTerminal(t) && hasJob(t));

    /// <summary>
    /// Tasks that hold or wait for a slot: running ones and waiting ones. A new task starts at once
    /// only while this is below maxConcurrentTasks — the rule the Oz bridge accepts assignments by.
    /// </summary>
    public static int Occupied(IReadOnlyCollection<AgentTask> all, Func<AgentTask, bool> hasJob) =>
        Running(all, hasJob) + Waiting(all, hasJob).Count();

    private static int FreeSlots(IReadOnlyCollection<AgentTask> all, Func<AgentTask, bool> hasJob, int max) =>
        Math.Max(0, max - Running(all, hasJob));

    private static IEnumerable<AgentTask> Waiting(IEnumerable<AgentTask> all, Func<AgentTask, bool> hasJob) =>
        all.Where(t => !IsTerminal(t) && !hasJob(t) && !TaskStatusClassifier.CancelRequested(t) && StartGate.Of(t) is null)
            .OrderBy(t => t.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(t => t.Metadata.Name, StringComparer.Ordinal);

    private static bool IsTerminal(AgentTask task) => task.Status?.Phase is { } phase && phase.IsTerminal();
}
