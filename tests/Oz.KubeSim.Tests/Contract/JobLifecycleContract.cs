namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// The Job controller, scheduler and kubelet as the operator depends on them. Pods run busybox
/// commands on a real cluster; the simulator reads the same outcome from the kubesim.oz/outcome
/// annotation (which a real cluster ignores).
/// </summary>
public abstract class JobLifecycleContract : ClusterTestBase
{
    private const double Wait = 120;

    private static V1Job Job(string name, string command, string outcome, int backoffLimit = 0, long? deadline = null, string image = "busybox:1.36", string? cpu = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            ActiveDeadlineSeconds = deadline,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = outcome } },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "task",
                            Image = image,
                            Command = ["sh", "-c", command],
                            Resources = cpu is null ? null : new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } },
                        },
                    ],
                },
            },
        },
    };

    private Task<V1Job> ReadJob(string name) => Client.BatchV1.ReadNamespacedJobAsync(name, Ns);

    private async Task<List<V1Pod>> PodsOf(string job) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"batch.kubernetes.io/job-name={job}")).Items];

    private static bool Has(V1Job job, string type, string? reason = null) =>
        job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True" && (reason is null || c.Reason == reason)) == true;

    private async Task<V1Pod> RunningPodOf(string job)
    {
        V1Pod? running = null;
        await Eventually(async () => (running = (await PodsOf(job)).FirstOrDefault(p => p.Status?.Phase == "Running")) is not null, "a running pod", Wait);
        return running!;
    }

    [Test]
    public async Task ASucceedingPodCompletesTheJob()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("ok", "true", "exit:0"), Ns);

        await Eventually(async () => Has(await ReadJob("ok"), "Complete"), "Complete", Wait);
        var job = await ReadJob("ok");
        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Succeeded, Is.EqualTo(1));
            Assert.That(Has(job, "SuccessCriteriaMet"), Is.True);
        });
    }

    [Test]
    public async Task ANonZeroExitCodeFailsThePodAndWithBackoffLimitZeroTheJob()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("exit", "exit 3", "exit:3"), Ns);

        await Eventually(async () => Has(await ReadJob("exit"), "Failed", "BackoffLimitExceeded"), "Failed: BackoffLimitExceeded", Wait);
        var pod = (await PodsOf("exit")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(pod.Status.Phase, Is.EqualTo("Failed"));
            Assert.That(pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ActiveDeadlineSecondsFailsTheJobWithDeadlineExceeded()
    {
        var job = Job("deadline", "sleep 3600", "hang", deadline: 2);
        job.Spec.Template.Spec.TerminationGracePeriodSeconds = 1;
        await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);

        await Eventually(async () => Has(await ReadJob("deadline"), "Failed", "DeadlineExceeded"), "Failed: DeadlineExceeded", Wait);
    }

    [Test]
    public async Task DeletingTheRunningPodOfAJobWithBackoffLimitZeroFailsItWithoutAReplacement()
    {
        var job = Job("deleted", "sleep 3600", "hang");
        job.Spec.Template.Spec.TerminationGracePeriodSeconds = 1;
        await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        var pod = await RunningPodOf("deleted");

        await Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, Ns);

        await Eventually(async () => Has(await ReadJob("deleted"), "FailureTarget", "BackoffLimitExceeded"), "FailureTarget: BackoffLimitExceeded", Wait);
        await Eventually(async () => Has(await ReadJob("deleted"), "Failed", "BackoffLimitExceeded"), "Failed: BackoffLimitExceeded", Wait);
        var failed = await ReadJob("deleted");
        Assert.Multiple(async () =>
        {
            Assert.That(failed.Status.Failed, Is.EqualTo(1));
            Assert.That((await PodsOf("deleted")).Where(p => p.Metadata.Name != pod.Metadata.Name), Is.Empty, "no replacement pod");
        });
    }

    [Test]
    public async Task ADeletedRunningPodStaysTerminatingForItsGracePeriodAndTheJobCountsIt()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("graceful", "sleep 3600", "hang"), Ns);
        var pod = await RunningPodOf("graceful");

        await Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, Ns);

        var terminating = await Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, Ns);
        await Eventually(async () => (await ReadJob("graceful")).Status?.Terminating == 1, "status.terminating 1", Wait);
        Assert.Multiple(() =>
        {
            Assert.That(terminating.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(terminating.Metadata.DeletionGracePeriodSeconds, Is.EqualTo(30));
        });
    }

    [Test]
    public async Task AJobWhosePodSucceedsWhileAnotherIsTerminatingIsCompleteOnlyOnceThatPodIsGone()
    {
        // The first pod leaves a marker on the node and hangs, ignoring SIGTERM; its replacement
        // finds the marker and succeeds while the first is still in its grace period. The simulator
        // reads the replacement's outcome from kubesim.oz/outcome-retry.
        var job = Job("overlap", "if [ -e /marker/ran ]; then exit 0; fi; touch /marker/ran; trap '' TERM; sleep 3600", "hang", backoffLimit: 1);
        job.Spec.Template.Metadata.Annotations["kubesim.oz/outcome-retry"] = "exit:0";
        job.Spec.Template.Spec.TerminationGracePeriodSeconds = 90;
        job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "marker", HostPath = new V1HostPathVolumeSource { Path = $"/tmp/oz-contract-{Ns}", Type = "DirectoryOrCreate" } }];
        job.Spec.Template.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "marker", MountPath = "/marker" }];
        await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        var first = await RunningPodOf("overlap");

        await Client.CoreV1.DeleteNamespacedPodAsync(first.Metadata.Name, Ns);

        V1Job? met = null;
        await Eventually(async () => Has(met = await ReadJob("overlap"), "SuccessCriteriaMet"), "SuccessCriteriaMet", Wait);
        Assert.Multiple(() =>
        {
            Assert.That(Has(met!, "Complete"), Is.False, "Complete while a pod is terminating");
            Assert.That(met!.Status.Terminating, Is.EqualTo(1));
            Assert.That(met.Status.CompletionTime, Is.Null);
        });
        await Eventually(async () => Has(await ReadJob("overlap"), "Complete"), "Complete once the terminating pod is gone", 180);
        var complete = await ReadJob("overlap");
        Assert.Multiple(() =>
        {
            Assert.That(complete.Status.Succeeded, Is.EqualTo(1));
            Assert.That(complete.Status.CompletionTime, Is.Not.Null);
        });
    }

    [Test]
    public async Task NodesReportTheirCapacityAndAllocatableResources()
    {
        var nodes = (await Client.CoreV1.ListNodeAsync()).Items;

        Assert.That(nodes, Is.Not.Empty);
        foreach (var node in nodes)
        {
            Assert.Multiple(() =>
            {
                Assert.That(node.Status.Capacity.Keys, Is.SupersetOf(new[] { "cpu", "memory", "pods" }), node.Metadata.Name);
                Assert.That(node.Status.Allocatable.Keys, Is.SupersetOf(new[] { "cpu", "memory", "pods" }), node.Metadata.Name);
                foreach (var resource in new[] { "cpu", "memory", "pods" })
                {
                    Assert.That(node.Status.Allocatable[resource].ToDecimal(), Is.LessThanOrEqualTo(node.Status.Capacity[resource].ToDecimal()), resource);
                    Assert.That(node.Status.Allocatable[resource].ToDecimal(), Is.GreaterThan(0m), resource);
                }
            });
        }
    }

    [Test]
    public async Task APodRequestingMoreCpuThanAnyNodeHasStaysPendingAsUnschedulable()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("big", "true", "exit:0", cpu: "1000"), Ns);

        V1PodCondition? scheduled = null;
        await Eventually(async () => (scheduled = (await PodsOf("big")).FirstOrDefault()?.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled")) is not null, "PodScheduled condition", Wait);
        Assert.Multiple(() =>
        {
            Assert.That(scheduled!.Status, Is.EqualTo("False"));
            Assert.That(scheduled.Reason, Is.EqualTo("Unschedulable"));
            Assert.That(scheduled.Message, Does.StartWith("0/1 nodes are available: 1 Insufficient cpu."));
        });
    }

    [Test]
    public async Task AnImageThatCannotBePulledLeavesTheContainerWaitingOnThePull()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(Job("pull", "true", "errimagepull", image: "registry.invalid/kubesim/no-such-image:1"), Ns);

        string? reason = null;
        await Eventually(async () => (reason = (await PodsOf("pull")).FirstOrDefault()?.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason) is "ErrImagePull" or "ImagePullBackOff", "ErrImagePull or ImagePullBackOff", Wait);
        Assert.That(reason, Is.AnyOf("ErrImagePull", "ImagePullBackOff"));
    }
}
