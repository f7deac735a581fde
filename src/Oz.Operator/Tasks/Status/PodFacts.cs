using k8s.Models;

namespace Oz.Operator.Tasks.Status;

/// <summary>Small readings of a pod's status the classifier is built from.</summary>
internal static class PodFacts
{
    /// <summary>Waiting reasons meaning the image cannot be pulled (the kubelet would retry forever).</summary>
    public static readonly IReadOnlySet<string> ImagePullReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "RegistryUnavailable",
    };

    public static readonly IReadOnlySet<string> ContainerCreateReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateContainerConfigError", "CreateContainerError", "RunContainerError", "PreCreateHookError", "PreStartHookError",
    };

    /// <summary>Pod-level reasons meaning the node, not the task, ended the pod.</summary>
    public static readonly IReadOnlySet<string> NodeEndedReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "Evicted", "Preempting", "Shutdown", "NodeShutdown", "Terminated", "NodeLost", "NodeAffinity",
    };

    /// <summary>Init containers first (they run first), then the app containers, each with its role.</summary>
    public static IEnumerable<(V1ContainerStatus Status, bool Init)> AllContainers(V1Pod pod) =>
        (pod.Status?.InitContainerStatuses ?? []).Select(s => (s, true))
            .Concat((pod.Status?.ContainerStatuses ?? []).Select(s => (s, false)));

    /// <summary>Whether the pod's init container <paramref name="name"/> is a native sidecar (restartPolicy: Always).</summary>
    public static bool IsNativeSidecar(V1Pod pod, string name) =>
        pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == name)?.RestartPolicy == "Always";

    /// <summary>The task container's status: the one named "task", else the only container.</summary>
    public static V1ContainerStatus? TaskContainer(V1Pod pod)
    {
        var statuses = pod.Status?.ContainerStatuses ?? [];
        return statuses.FirstOrDefault(s => s.Name == TaskPodLayout.TaskContainer)
            ?? (statuses.Count == 1 ? statuses[0] : null);
    }

    public static V1PodCondition? Condition(V1Pod pod, string type) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The exit code to report: a signal death without a code counts as 128 + signal.</summary>
    public static int ExitCode(V1ContainerStateTerminated terminated) =>
        terminated.ExitCode == 0 && terminated.Signal is > 0 ? 128 + terminated.Signal.Value : terminated.ExitCode;

    /// <summary>"exited with code 1", "was killed by signal 9 (exit code 137)".</summary>
    public static string DescribeExit(V1ContainerStateTerminated terminated)
    {
        var code = ExitCode(terminated);
        var detail = code > 128 && code <= 128 + 64 ? $"was killed by signal {code - 128} (exit code {code})" : $"exited with code {code}";
        return string.IsNullOrEmpty(terminated.Message) ? detail : $"{detail}: {terminated.Message.Trim()}";
    }
}
