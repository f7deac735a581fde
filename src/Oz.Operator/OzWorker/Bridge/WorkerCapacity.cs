using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks.Queueing;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// Whether the worker takes another assignment: the reconciler's own slot rule
/// (<see cref="TaskQueueOrder.Occupied"/>) over the watched namespace, so an accepted task starts at
/// once rather than waiting in the queue, plus the tasks just created that the cache does not show yet.
/// </summary>
/// <remarks>
/// The bridge has no Job cache: a task holds a slot when its status records a JobCreated condition.
/// The one case that differs is a task cancelled just after its Job was created, before the status
/// says so; the reconciler still decides who starts, so such a task only waits in the queue.
/// </remarks>
public static class WorkerCapacity
{
    public static bool IsFull(IReadOnlyList<AgentTask> cached, int notYetCached, OperatorOptions options)
    {
        if (options.MaxConcurrentTasks <= 0)
        {
            return false;
        }

        var inNamespace = cached.Where(t => (t.Metadata.NamespaceProperty ?? "") == options.Namespace).ToList();
        return TaskQueueOrder.Occupied(inNamespace, RecordsJob) + notYetCached >= options.MaxConcurrentTasks;
    }

    private static bool RecordsJob(AgentTask task) =>
        task.Status?.Conditions?.Any(c => c.Type == ConditionTypes.JobCreated && c.Status == "True") == true;
}
