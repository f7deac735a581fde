namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// Plays the Job controller and kubelet through the API, one scripted pod state at a time: the
/// simulator serves the API, this decides what the pod of a task Job goes through.
/// </summary>
internal sealed class TestKubelet(IKubernetes client, string ns)
{
    /// <summary>Creates the Job's pod (as the Job controller would) and gives it <paramref name="status"/>.</summary>
    public async Task<V1Pod> RunPodAsync(V1Job job, V1PodStatus status)
    {
        var template = job.Spec.Template;
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = job.Metadata.Name + "-x1y2z",
                NamespaceProperty = ns,
                Labels = template.Metadata.Labels,
                Annotations = template.Metadata.Annotations,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
            },
            Spec = template.Spec,
        };
        pod.Spec.NodeName = "node-1";
        await client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        return await SetPodStatusAsync(pod.Metadata.Name, status);
    }

    public async Task<V1Pod> SetPodStatusAsync(string podName, V1PodStatus status)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
        return await client.CoreV1.PatchNamespacedPodStatusAsync(patch, podName, ns);
    }

    public async Task SetJobConditionAsync(string jobName, string type, string reason)
    {
        var status = new V1JobStatus
        {
            Conditions = [new V1JobCondition { Type = type, Status = "True", Reason = reason, LastTransitionTime = DateTime.UtcNow }],
        };
        var patch = new V1Patch(KubernetesJson.Serialize(new { status }), V1Patch.PatchType.MergePatch);
        await client.BatchV1.PatchNamespacedJobStatusAsync(patch, jobName, ns);
    }

    public static V1PodStatus Terminated(int exitCode, string reason) => new()
    {
        Phase = exitCode == 0 ? "Succeeded" : "Failed",
        Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True" }],
        ContainerStatuses = [new V1ContainerStatus
        {
            Name = "task", Image = "ubuntu:22.04", ImageID = "", Ready = false, RestartCount = 0,
            State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, StartedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow } },
        }],
    };

    public static V1PodStatus Running() => new()
    {
        Phase = "Running",
        Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True" }],
        ContainerStatuses = [new V1ContainerStatus
        {
            Name = "task", Image = "ubuntu:22.04", ImageID = "", Ready = true, RestartCount = 0,
            State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = DateTime.UtcNow } },
        }],
    };

    public static V1PodStatus Waiting(string reason, string message) => new()
    {
        Phase = "Pending",
        Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True" }],
        ContainerStatuses = [new V1ContainerStatus
        {
            Name = "task", Image = "ubuntu:22.04", ImageID = "", Ready = false, RestartCount = 0,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
        }],
    };
}
