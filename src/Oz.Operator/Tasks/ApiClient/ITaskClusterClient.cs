using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// Every write (and the few reads that must not come from the cache) the AgentTask reconciler makes.
/// Narrow on purpose: the reconciler is unit-tested against an in-memory fake of it. Errors other
/// than the ones each method absorbs are thrown, so the work queue retries with backoff.
/// </summary>
public interface ITaskClusterClient
{
    /// <summary>
    /// Creates the Job; null when a Job of that name already exists (409 AlreadyExists). A final
    /// refusal (403, 422) throws <see cref="JobCreateRefusedException"/>; anything else is retried.
    /// </summary>
    Task<V1Job?> CreateJobAsync(V1Job job, CancellationToken cancellationToken);

    /// <summary>Reads a Job from the API server (not the cache); null when it does not exist.</summary>
    Task<V1Job?> ReadJobAsync(string @namespace, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a Job with Background propagation (its pod goes by garbage collection); absent is fine.
    /// With <paramref name="uid"/>, only that Job: a Job of the same name made since (another UID) is
    /// left alone (the API server's precondition answers 409, taken as gone).
    /// </summary>
    Task DeleteJobAsync(string @namespace, string name, string? uid, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the operator-owned status fields through the status subresource, with the task's
    /// resourceVersion as precondition (a stale view fails with 409 and is retried). reportedToOz is
    /// never written. Returns the updated AgentTask.
    /// </summary>
    Task<AgentTask> PatchStatusAsync(AgentTask task, AgentTaskStatus status, CancellationToken cancellationToken);

    /// <summary>Sets metadata.finalizers (resourceVersion precondition); returns the updated AgentTask.</summary>
    Task<AgentTask> SetFinalizersAsync(AgentTask task, IReadOnlyList<string> finalizers, CancellationToken cancellationToken);

    /// <summary>Deletes the AgentTask (uid precondition); absent is fine.</summary>
    Task DeleteTaskAsync(AgentTask task, CancellationToken cancellationToken);

    /// <summary>Core Events whose involvedObject has this name (FailedMount, FailedCreate…).</summary>
    Task<IReadOnlyList<Corev1Event>> ListEventsAsync(string @namespace, string involvedObjectName, CancellationToken cancellationToken);

    /// <summary>The last lines of a container's log, at most <paramref name="maxBytes"/> bytes.</summary>
    Task<string> ReadLogTailAsync(string @namespace, string pod, string container, int maxBytes, CancellationToken cancellationToken);

    /// <summary>Records an events.k8s.io/v1 Event regarding an object of the operator (an AgentTask or an AgentTaskSchedule).</summary>
    Task EmitEventAsync(IKubernetesObject<V1ObjectMeta> regarding, TaskEvent taskEvent, CancellationToken cancellationToken);
}
