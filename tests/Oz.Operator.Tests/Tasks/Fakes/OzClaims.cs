namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>Marks a test AgentTask as the Oz bridge marks the tasks it claims, so it counts as this worker's Oz task.</summary>
public static class OzClaims
{
    public const string WorkerId = "worker-1";

    public static AgentTask ClaimedBy(this AgentTask task, string taskId, string workerId = WorkerId)
    {
        task.Spec.TaskId = taskId;
        (task.Metadata.Labels ??= new Dictionary<string, string>())[TaskLabels.Source] = TaskLabels.SourceOz;
        task.Metadata.Labels[TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash(workerId);
        (task.Metadata.Annotations ??= new Dictionary<string, string>())[TaskLabels.Annotations.WorkerId] = workerId;
        return task;
    }
}
