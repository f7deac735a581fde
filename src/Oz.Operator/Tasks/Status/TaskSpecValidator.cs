using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// Catches specs that cannot run even though they reached the cluster (CRD rules bypassed, an
/// older CRD, an empty default image). Such a task fails with a clear message instead of
/// producing a Job that fails obscurely; image problems fail as InvalidImage, the rest as
/// ContainerCreate (the pod for this spec cannot be created).
/// </summary>
public static class TaskSpecValidator
{
    public static TaskSpecProblem? Validate(AgentTask task, OperatorOptions options)
    {
        var spec = task.Spec;
        var image = new[] { spec.Image, options.DefaultImage }.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i)) ?? TaskPodLayout.DefaultImage;
        if (ImageProblem(image, "the task image") is { } imageProblem)
        {
            return new TaskSpecProblem(FailureReason.InvalidImage, imageProblem);
        }

        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sidecar, index) in (spec.Sidecars ?? []).Select((s, i) => (s, i)))
        {
            if (ImageProblem(sidecar.Image, $"sidecars[{index}].image") is { } sidecarImage)
            {
                return new TaskSpecProblem(FailureReason.InvalidImage, sidecarImage);
            }

            var path = (sidecar.MountPath ?? "").TrimEnd('/');
            if (!(sidecar.MountPath ?? "").StartsWith('/'))
            {
                return Unrunnable($"sidecars[{index}].mountPath must be an absolute path, got \"{sidecar.MountPath}\".");
            }

            if (path.Length == 0 || path == TaskPodLayout.WorkspacePath || path.StartsWith(TaskPodLayout.WorkspacePath + "/", StringComparison.Ordinal))
            {
                return Unrunnable($"sidecars[{index}].mountPath \"{sidecar.MountPath}\" clashes with the workspace volume at {TaskPodLayout.WorkspacePath} or the root.");
            }

            if (!mountPaths.Add(path))
            {
                return Unrunnable($"sidecars[{index}].mountPath \"{sidecar.MountPath}\" is used by another sidecar.");
            }
        }

        if (spec.ActiveDeadlineSeconds is <= 0)
        {
            return Unrunnable($"activeDeadlineSeconds must be positive, got {spec.ActiveDeadlineSeconds}.");
        }

        if (TaskRunOptions.ArgsProblem(spec) is { } argsProblem)
        {
            return Unrunnable(argsProblem);
        }

        if (TaskRunOptions.Present(spec) && !string.IsNullOrEmpty(spec.TaskId))
        {
            return Unrunnable("spec.prompt and the run options are for tasks without a taskId: an Oz task takes them from Oz.");
        }

        if ((spec.Env ?? []).FirstOrDefault(e => string.IsNullOrWhiteSpace(e.Name)) is not null)
        {
            return Unrunnable("every env entry needs a name.");
        }

        return null;
    }

    private static string? ImageProblem(string? image, string what)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return $"{what} is empty.";
        }

        return image.Any(char.IsWhiteSpace) ? $"{what} \"{image}\" contains whitespace." : null;
    }

    private static TaskSpecProblem Unrunnable(string message) => new(FailureReason.ContainerCreate, message);
}
