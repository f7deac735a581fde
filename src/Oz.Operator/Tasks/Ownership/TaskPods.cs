using k8s.Models;

namespace Oz.Operator.Tasks.Ownership;

/// <summary>Picks the pod of a task Job among the pods carrying the task's labels.</summary>
public static class TaskPods
{
    /// <summary>
    /// The newest pod controlled by <paramref name="job"/>. With backoffLimit 0 there is normally one;
    /// a replacement (e.g. after a pod was deleted) is the one that tells the current story.
    /// </summary>
    public static V1Pod? Select(V1Job job, IEnumerable<V1Pod> candidates) =>
        candidates
            .Where(pod => pod.Metadata?.OwnerReferences?.Any(r => r.Controller == true && r.Kind == "Job" && IsJob(r, job)) == true)
            .OrderByDescending(pod => pod.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(pod => pod.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    private static bool IsJob(V1OwnerReference reference, V1Job job) =>
        string.IsNullOrEmpty(job.Metadata.Uid) || string.IsNullOrEmpty(reference.Uid)
            ? reference.Name == job.Metadata.Name
            : reference.Uid == job.Metadata.Uid;
}
