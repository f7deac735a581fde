using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tasks;

/// <summary>
/// The reconciler's answers to a Job create that does not simply succeed: a refusal fails the task,
/// a name already taken is adopted only when the Job is this task's own.
/// </summary>
public sealed partial class AgentTaskReconciler
{
    /// <summary>
    /// The task fails with <see cref="FailureReason.JobCreateRefused"/> and the API server's words.
    /// Not retried: the same Job gets the same answer (an invalid spec, a policy), and an exceeded
    /// quota may never clear — a task waiting for it would sit unnoticed (docs/agenttask.md).
    /// </summary>
    private TaskObservation Refused(TaskObservation observation, JobCreateRefusedException refused)
    {
        logger.LogWarning(
            "The API server refused the Job of AgentTask {Task} ({Code}): {Message}",
            ObjectKey.Of(observation.Task), (int)refused.StatusCode, refused.ServerMessage);
        return observation with { JobRefused = refused.ServerMessage };
    }

    /// <summary>
    /// After a 409 on create: the existing Job is adopted when its controller is this AgentTask (an
    /// earlier run of the operator made it and the cache lags). A Job of an earlier AgentTask of the
    /// same name is waited out (the queue retries); anyone else's fails the task.
    /// </summary>
    private async Task<V1Job> AdoptExistingJobAsync(AgentTask task, V1Job desired, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(task);
        var existing = await client.ReadJobAsync(desired.Metadata.NamespaceProperty, desired.Metadata.Name, cancellationToken);
        if (existing is null)
        {
            // Gone again between the create and the read: the next reconcile creates it.
            return desired;
        }

        switch (JobOwnership.Of(existing, task))
        {
            case JobOwner.ThisTask:
                logger.LogInformation("Adopting existing Job {Job} for AgentTask {Task}", desired.Metadata.Name, key);
                return existing;
            case JobOwner.EarlierTask:
                throw new InvalidOperationException(
                    $"Job {desired.Metadata.Name} still belongs to an earlier AgentTask {key}; retrying once it is gone");
            default:
                throw new JobCreateRefusedException(System.Net.HttpStatusCode.Conflict, JobOwnership.StrangerMessage(existing));
        }
    }

    /// <summary>Reads the task's Job from the API server; null when absent or not this task's own.</summary>
    private async Task<V1Job?> ReadOwnJobAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var job = await client.ReadJobAsync(task.Metadata.NamespaceProperty, JobNaming.JobNameFor(task), cancellationToken);
        return job is not null && JobOwnership.Of(job, task) == JobOwner.ThisTask ? job : null;
    }

    /// <summary>
    /// A Job holding the task's Job name that is neither this task's nor an earlier one's: the
    /// reconcile goes on as if there were none, so it is never adopted, stopped or deleted; creating
    /// the task's own Job then meets the 409 and fails the task (<see cref="AdoptExistingJobAsync"/>).
    /// </summary>
    private void LogStranger(V1Job job, ObjectKey key) =>
        logger.LogWarning("Job {Job} has the name of AgentTask {Task}'s Job but is not owned by it; leaving it alone", job.Metadata.Name, key);
}
