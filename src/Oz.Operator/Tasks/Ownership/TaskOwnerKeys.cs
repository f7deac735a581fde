using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Tasks.Ownership;

/// <summary>
/// Maps a watched Job or pod back to the key of the AgentTask that owns it, so a change of either
/// queues its task. The exact task name comes from the controller ownerReference (Jobs) or the
/// <see cref="TaskLabels.Annotations.AgentTask"/> annotation (Jobs and pods); the label of the
/// same name is sanitised and may be truncated, so it is never trusted as a name.
/// </summary>
public static class TaskOwnerKeys
{
    public static ObjectKey? ForJob(V1Job job)
    {
        var meta = job.Metadata;
        if (meta is null)
        {
            return null;
        }

        var owner = meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true
            && r.Kind == AgentTask.KindName
            && r.ApiVersion?.StartsWith(AgentTask.Group + "/", StringComparison.Ordinal) == true);
        return owner is not null ? new ObjectKey(meta.NamespaceProperty ?? "", owner.Name) : FromAnnotation(meta);
    }

    /// <summary>The pod's task by annotation, else through its controlling Job (looked up in the Job cache).</summary>
    public static ObjectKey? ForPod(V1Pod pod, Func<ObjectKey, V1Job?> findJob)
    {
        var meta = pod.Metadata;
        if (meta is null)
        {
            return null;
        }

        if (FromAnnotation(meta) is { } key)
        {
            return key;
        }

        var job = meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true && r.Kind == "Job");
        return job is not null && findJob(new ObjectKey(meta.NamespaceProperty ?? "", job.Name)) is { } owner
            ? ForJob(owner)
            : null;
    }

    /// <summary><see cref="ForJob"/> as the key list a controller's Job watch expects.</summary>
    public static IEnumerable<ObjectKey> KeysOfJob(V1Job job) => ForJob(job) is { } key ? [key] : [];

    /// <summary><see cref="ForPod"/> as the key list a controller's pod watch expects.</summary>
    public static Func<V1Pod, IEnumerable<ObjectKey>> KeysOfPod(Func<ObjectKey, V1Job?> findJob) =>
        pod => ForPod(pod, findJob) is { } key ? [key] : [];

    private static ObjectKey? FromAnnotation(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(TaskLabels.Annotations.AgentTask, out var name) == true && !string.IsNullOrEmpty(name)
            ? new ObjectKey(meta.NamespaceProperty ?? "", name)
            : null;
}
