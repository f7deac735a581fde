using k8s.Models;

namespace Oz.Operator.Tasks;

/// <summary>
/// Lays the operator's parts of the task pod over the configured podTemplate. The
/// template is the base and is deep-copied first, so the configuration is never changed. On every
/// name clash (volume, init container, env var, volume mount name or path) the operator's part wins,
/// because the pod would not work without it.
/// </summary>
internal static class PodTemplateMerger
{
    /// <param name="template">The configured podTemplate, or null.</param>
    /// <param name="task">The operator's task container.</param>
    /// <param name="initContainersFor">
    /// The operator's init containers given the merged task container (the setup container runs like
    /// it); they run before the template's.
    /// </param>
    /// <param name="volumes">The operator's volumes; appended after the template's.</param>
    public static V1PodSpec Merge(
        V1PodSpec? template,
        V1Container task,
        Func<V1Container, IReadOnlyList<V1Container>> initContainersFor,
        IReadOnlyList<V1Volume> volumes)
    {
        var spec = template is null ? new V1PodSpec() : KubernetesObjectCopy.DeepCopy(template);

        // A Job's pods must not restart in place: one attempt, and the Job records its outcome.
        spec.RestartPolicy = "Never";

        var templateContainers = spec.Containers ?? [];
        var templateTask = templateContainers.FirstOrDefault(c => c.Name == task.Name);
        var mergedTask = MergeTaskContainer(templateTask, task);
        spec.Containers = [mergedTask, .. templateContainers.Where(c => c.Name != task.Name)];

        var initContainers = initContainersFor(mergedTask);
        var initNames = initContainers.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var templateInit = (spec.InitContainers ?? []).Where(c => !initNames.Contains(c.Name));
        spec.InitContainers = [.. initContainers, .. templateInit];

        var volumeNames = volumes.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var templateVolumes = (spec.Volumes ?? []).Where(v => !volumeNames.Contains(v.Name));
        spec.Volumes = [.. templateVolumes, .. volumes];

        return spec;
    }

    /// <summary>
    /// The template's task container keeps what the operator does not set (securityContext,
    /// imagePullPolicy, ports, probes, lifecycle, extra env and mounts…); the operator sets identity,
    /// command, working directory, its env and mounts, and the task's resources per resource name.
    /// </summary>
    public static V1Container MergeTaskContainer(V1Container? template, V1Container task)
    {
        if (template is null)
        {
            return task;
        }

        var merged = template;
        merged.Name = task.Name;
        merged.Image = task.Image;
        merged.Command = task.Command;
        merged.Args = task.Args;
        merged.WorkingDir = task.WorkingDir;
        merged.ImagePullPolicy = template.ImagePullPolicy ?? task.ImagePullPolicy;

        var envNames = (task.Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        merged.Env = TaskEnvironment.SortedByName([.. (template.Env ?? []).Where(e => !envNames.Contains(e.Name)), .. task.Env ?? []]);

        // Later envFrom sources win in Kubernetes, so the task's come last.
        merged.EnvFrom = [.. template.EnvFrom ?? [], .. task.EnvFrom ?? []];

        var mounts = task.VolumeMounts ?? [];
        var mountNames = mounts.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var mountPaths = mounts.Select(m => m.MountPath).ToHashSet(StringComparer.Ordinal);
        merged.VolumeMounts =
        [
            .. mounts,
            .. (template.VolumeMounts ?? []).Where(m => !mountNames.Contains(m.Name) && !mountPaths.Contains(m.MountPath)),
        ];

        merged.Resources = MergeResources(template.Resources, task.Resources);
        return merged;
    }

    private static V1ResourceRequirements? MergeResources(V1ResourceRequirements? template, V1ResourceRequirements? task)
    {
        if (template is null || task is null)
        {
            return task ?? template;
        }

        template.Requests = MergeQuantities(template.Requests, task.Requests);
        template.Limits = MergeQuantities(template.Limits, task.Limits);
        return template;
    }

    private static Dictionary<string, ResourceQuantity>? MergeQuantities(
        IDictionary<string, ResourceQuantity>? template,
        IDictionary<string, ResourceQuantity>? task)
    {
        if (template is null && task is null)
        {
            return null;
        }

        var merged = new Dictionary<string, ResourceQuantity>(template ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        foreach (var (name, quantity) in task ?? new Dictionary<string, ResourceQuantity>())
        {
            merged[name] = quantity;
        }

        return merged;
    }
}
