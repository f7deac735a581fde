using k8s.Models;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>
/// Lays the first-class taskPod settings over the podTemplate: each setting that is given replaces
/// the same field of the template (resources: the template's task container's resources), because a
/// key named for one field is the more specific wish. Pure; the template is deep-copied first.
/// </summary>
internal static class TaskPodOverlay
{
    public static V1PodSpec? Apply(V1PodSpec? template, TaskPodOptions taskPod)
    {
        if (taskPod.IsEmpty)
        {
            return template;
        }

        var spec = template is null ? new V1PodSpec() : KubernetesObjectCopy.DeepCopy(template);
        if (taskPod.ServiceAccountName is { } serviceAccount)
        {
            spec.ServiceAccountName = serviceAccount;
        }

        if (taskPod.ImagePullSecrets is { } pullSecrets)
        {
            spec.ImagePullSecrets = [.. pullSecrets.Select(name => new V1LocalObjectReference { Name = name })];
        }

        if (taskPod.NodeSelector is { } nodeSelector)
        {
            spec.NodeSelector = new Dictionary<string, string>(nodeSelector, StringComparer.Ordinal);
        }

        if (taskPod.Tolerations is { } tolerations)
        {
            spec.Tolerations = KubernetesObjectCopy.DeepCopyList(tolerations);
        }

        if (taskPod.TerminationGracePeriodSeconds is { } grace)
        {
            spec.TerminationGracePeriodSeconds = grace;
        }

        if (taskPod.RuntimeClassName is { } runtimeClass)
        {
            spec.RuntimeClassName = runtimeClass;
        }

        if (taskPod.Resources is { } resources)
        {
            spec.Containers ??= [];
            var task = spec.Containers.FirstOrDefault(c => c.Name == TaskPodLayout.TaskContainer);
            if (task is null)
            {
                task = new V1Container { Name = TaskPodLayout.TaskContainer };
                spec.Containers.Insert(0, task);
            }

            task.Resources = KubernetesObjectCopy.DeepCopy(resources);
        }

        return spec;
    }
}
