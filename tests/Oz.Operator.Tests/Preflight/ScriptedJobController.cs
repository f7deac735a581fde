namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// Plays Job controller and kubelet for preflight Jobs in a KubeSim started without its own
/// controllers: for each new Job it writes, through the API, the pod, status and Events a real
/// cluster would show for <see cref="ScriptedJobOutcome"/>.
/// </summary>
internal sealed class ScriptedJobController : IAsyncDisposable
{
    public const string SchedulerMessage = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available";
    public const string MountMessage = "MountVolume.SetUp failed for volume \"creds\" : secret \"missing\" not found";
    public const string ColdStartMessage = "Error creating: pods \"x\" is forbidden: error looking up service account oz/default: serviceaccount \"default\" not found";
    public const string FailedCreateMessage = "Error creating: pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true";

    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public ScriptedJobController(IKubernetes admin, string ns, ScriptedJobOutcome outcome) =>
        loop = Task.Run(() => RunAsync(admin, ns, outcome, stop.Token));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private static async Task RunAsync(IKubernetes admin, string ns, ScriptedJobOutcome outcome, CancellationToken cancellationToken)
    {
        await foreach (var (type, job) in admin.BatchV1.WatchListNamespacedJobAsync(ns, cancellationToken: cancellationToken))
        {
            if (type == WatchEventType.Added)
            {
                await PlayAsync(admin, ns, job, outcome, cancellationToken);
            }
        }
    }

    private static async Task PlayAsync(IKubernetes admin, string ns, V1Job job, ScriptedJobOutcome outcome, CancellationToken cancellationToken)
    {
        var jobName = job.Metadata.Name;
        if (outcome == ScriptedJobOutcome.FailedCreate)
        {
            await RecordEventAsync(admin, ns, "Job", jobName, "FailedCreate", FailedCreateMessage, cancellationToken);
            return;
        }

        if (outcome == ScriptedJobOutcome.FailedCreateThenComplete)
        {
            await RecordEventAsync(admin, ns, "Job", jobName, "FailedCreate", ColdStartMessage, cancellationToken);
            outcome = ScriptedJobOutcome.Complete;
        }

        var pod = await admin.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = $"{jobName}-abcde", Labels = job.Spec.Template.Metadata.Labels },
                Spec = job.Spec.Template.Spec,
            },
            ns,
            cancellationToken: cancellationToken);
        var init = job.Spec.Template.Spec.InitContainers[0];
        pod.Status = outcome switch
        {
            ScriptedJobOutcome.Complete => new V1PodStatus { Phase = "Succeeded" },
            ScriptedJobOutcome.ImagePull => Waiting(init, "ErrImagePull", $"rpc error: code = NotFound desc = failed to pull and unpack image \"{init.Image}\""),
            ScriptedJobOutcome.InvalidImage => Waiting(init, "InvalidImageName", $"Failed to apply default image tag \"{init.Image}\": couldn't parse image name"),
            ScriptedJobOutcome.Unschedulable => new V1PodStatus
            {
                Phase = "Pending",
                Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = SchedulerMessage }],
            },
            ScriptedJobOutcome.InitContainerExit => new V1PodStatus
            {
                Phase = "Failed",
                InitContainerStatuses = [new V1ContainerStatus { Name = init.Name, Image = init.Image, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error" } } }],
            },
            _ => new V1PodStatus { Phase = "Pending" },
        };
        await admin.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, ns, cancellationToken: cancellationToken);

        if (outcome == ScriptedJobOutcome.FailedMount)
        {
            await RecordEventAsync(admin, ns, "Pod", pod.Metadata.Name, "FailedMount", MountMessage, cancellationToken);
        }

        if (outcome == ScriptedJobOutcome.Complete)
        {
            var current = await admin.BatchV1.ReadNamespacedJobAsync(jobName, ns, cancellationToken: cancellationToken);
            current.Status = new V1JobStatus { Succeeded = 1, Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] };
            await admin.BatchV1.ReplaceNamespacedJobStatusAsync(current, jobName, ns, cancellationToken: cancellationToken);
        }
    }

    private static V1PodStatus Waiting(V1Container container, string reason, string message) => new()
    {
        Phase = "Pending",
        InitContainerStatuses =
        [
            new V1ContainerStatus { Name = container.Name, Image = container.Image, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } } },
        ],
    };

    private static Task RecordEventAsync(IKubernetes admin, string ns, string kind, string name, string reason, string message, CancellationToken cancellationToken) =>
        admin.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = $"{name}.{Guid.NewGuid():N}"[..50], NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference { Kind = kind, Name = name, NamespaceProperty = ns },
                Reason = reason,
                Message = message,
                Type = "Warning",
            },
            ns,
            cancellationToken: cancellationToken);
}
