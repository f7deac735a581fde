using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks.Ownership;

/// <summary>
/// Which objects in the namespace are this worker's, so that several workers (releases) can share
/// a namespace without seeing, counting, reconciling or reporting each other's tasks. Jobs and pods
/// carry the worker-id hash label the operator puts on them, so their watches select on it
/// server-side; AgentTasks are made by hand as well, so their watch filters client-side
/// (<see cref="Owns"/>): a task labelled for a worker is that worker's, an unlabelled one belongs to
/// every worker that accepts unlabelled tasks (<see cref="OperatorOptions.AcceptUnlabelledTasks"/>).
/// </summary>
public static class WorkerSelection
{
    /// <summary>
    /// Label selector of this worker's task Jobs and pods (the watches ask the server for these
    /// only). Without a worker id (never in a valid configuration) every managed one.
    /// </summary>
    public static string JobSelector(string workerId) => string.IsNullOrEmpty(workerId)
        ? TaskLabels.ManagedBySelector
        : $"{TaskLabels.ManagedBySelector},{TaskLabels.WorkerIdHash}={KubernetesNames.LabelHash(workerId)}";

    /// <summary>
    /// Whether <paramref name="task"/> is this worker's: by its <c>oz.warp.dev/worker-id-hash</c>
    /// label (the Oz bridge sets it), else by its <c>oz.warp.dev/worker-id</c> label (what a person
    /// writes), else by <see cref="OperatorOptions.AcceptUnlabelledTasks"/>.
    /// </summary>
    public static bool Owns(AgentTask task, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(options);
        var labels = task.Metadata?.Labels;
        if (labels is not null && labels.TryGetValue(TaskLabels.WorkerIdHash, out var hash))
        {
            return hash == KubernetesNames.LabelHash(options.WorkerId);
        }

        if (labels is not null && labels.TryGetValue(TaskLabels.WorkerId, out var id))
        {
            return id == options.WorkerId;
        }

        return options.AcceptUnlabelledTasks;
    }
}
