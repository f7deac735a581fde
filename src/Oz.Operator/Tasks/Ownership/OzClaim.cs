using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Ownership;

/// <summary>
/// Whether an AgentTask is an Oz task this worker claimed — the only kind whose result is
/// reported to Oz. The Oz bridge marks every AgentTask it creates with the source label and this
/// worker's id (label and exact annotation); a task made by hand that merely carries some
/// <c>spec.taskId</c>, or one claimed by another worker, is never reported, and its deletion does
/// not wait for a report.
/// </summary>
public static class OzClaim
{
    public static bool IsClaimedBy(AgentTask task, string? workerId)
    {
        if (string.IsNullOrWhiteSpace(workerId) || string.IsNullOrWhiteSpace(task.Spec?.TaskId))
        {
            return false;
        }

        var labels = task.Metadata?.Labels;
        var annotations = task.Metadata?.Annotations;
        return labels is not null
            && annotations is not null
            && labels.TryGetValue(TaskLabels.Source, out var source) && source == TaskLabels.SourceOz
            && labels.TryGetValue(TaskLabels.WorkerIdHash, out var hash) && hash == KubernetesNames.LabelHash(workerId)
            && annotations.TryGetValue(TaskLabels.Annotations.WorkerId, out var id) && id == workerId;
    }
}
