using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.Queueing;

namespace Oz.Operator.Tasks;

/// <summary>
/// Admission: the maxConcurrentTasks slots. A task starts (its Job is created) only when a slot is
/// free, and a finished or deleted task wakes the queued tasks that may take its slot.
/// </summary>
public sealed partial class AgentTaskReconciler
{
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

    // Finished tasks never hold nor wait for a slot: the index leaves them out instead of a scan of every tracked task.
    private List<AgentTask> TasksIn(string @namespace) =>
        [.. tasks.ByIndex(AgentTaskIndexes.UnfinishedByNamespace, @namespace)];

    private bool HasJob(AgentTask task) =>
        started.ContainsKey(ObjectKey.Of(task))
        || RecordsJob(task)
        || jobs.Get(new ObjectKey(task.Metadata.NamespaceProperty ?? "", JobNaming.JobNameFor(task))) is not null;
}
