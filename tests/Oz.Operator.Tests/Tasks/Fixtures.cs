namespace Oz.Operator.Tests.Tasks;

/// <summary>Small builders of AgentTasks, Jobs, pods and Events in the states the tests need.</summary>
internal static class Fixtures
{
    public const string Namespace = "tasks";

    public static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public static AgentTask Task(string name = "t1", DateTime? created = null, long generation = 1) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Namespace,
            Uid = "uid-" + name,
            Generation = generation,
            ResourceVersion = "1",
            CreationTimestamp = created ?? T0,
        },
        Spec = new AgentTaskSpec { Image = "ubuntu:22.04" },
    };

    public static V1Job Job(string name = "t1-job", params V1JobCondition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Uid = "uid-" + name, CreationTimestamp = T0 },
        Spec = new V1JobSpec { ActiveDeadlineSeconds = 3600, Template = new V1PodTemplateSpec() },
        Status = new V1JobStatus { StartTime = T0, Conditions = conditions.Length == 0 ? null : conditions },
    };

    public static V1JobCondition JobCondition(string type, string reason = "", string message = "") =>
        new() { Type = type, Status = "True", Reason = reason, Message = message };

    public static V1Pod Pod(string phase = "Pending", string? node = "node-1") => new()
    {
        Metadata = new V1ObjectMeta { Name = "t1-job-abcde", NamespaceProperty = Namespace, Uid = "uid-pod", CreationTimestamp = T0 },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "task", Image = "ubuntu:22.04" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            StartTime = node is null ? null : T0.AddSeconds(1),
            Conditions = node is null ? [] : [new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = T0.AddSeconds(1) }],
            ContainerStatuses = [],
            InitContainerStatuses = [],
        },
    };

    public static V1Pod WithTask(this V1Pod pod, V1ContainerState state) =>
        pod.WithContainer(new V1ContainerStatus { Name = "task", Image = "ubuntu:22.04", State = state }, init: false);

    public static V1Pod WithInit(this V1Pod pod, string name, V1ContainerState state) =>
        pod.WithContainer(new V1ContainerStatus { Name = name, Image = "busybox", State = state }, init: true);

    public static V1Pod WithContainer(this V1Pod pod, V1ContainerStatus status, bool init)
    {
        (init ? pod.Status.InitContainerStatuses : pod.Status.ContainerStatuses).Add(status);
        return pod;
    }

    public static V1ContainerState Waiting(string reason, string message = "") => new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };

    public static V1ContainerState Running() => new() { Running = new V1ContainerStateRunning { StartedAt = T0.AddSeconds(5) } };

    public static V1ContainerState Terminated(int exitCode, string reason = "", int? signal = null) => new()
    {
        Terminated = new V1ContainerStateTerminated
        {
            ExitCode = exitCode,
            Reason = reason,
            Signal = signal,
            StartedAt = T0.AddSeconds(5),
            FinishedAt = T0.AddSeconds(60),
        },
    };

    public static V1Pod Unschedulable(DateTime since) => new()
    {
        Metadata = new V1ObjectMeta { Name = "t1-job-abcde", NamespaceProperty = Namespace, CreationTimestamp = since },
        Spec = new V1PodSpec(),
        Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available: 3 Insufficient cpu.", LastTransitionTime = since }],
        },
    };

    public static Corev1Event Event(string reason, string kind, string name, string message, DateTime? at = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name + "." + reason, NamespaceProperty = Namespace },
        Reason = reason,
        Message = message,
        Type = "Warning",
        InvolvedObject = new V1ObjectReference { Kind = kind, Name = name, NamespaceProperty = Namespace },
        LastTimestamp = at ?? T0,
    };
}
