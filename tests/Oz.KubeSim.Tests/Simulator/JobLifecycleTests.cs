using Oz.KubeSim.Tests.Contract;

namespace Oz.KubeSim.Tests.Simulator;

public sealed class JobLifecycleTests : SimulatorTestBase
{
    private async Task<V1Job> WaitForConditionAsync(string name, string type)
    {
        V1Job? job = null;
        await Eventually(async () =>
        {
            job = await Client.BatchV1.ReadNamespacedJobAsync(name, Ns);
            return job.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;
        }, $"job {name} condition {type}");
        return job!;
    }

    private async Task<V1Pod> PodOfAsync(string job) =>
        (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"job-name={job}")).Items.Single();

    [Test]
    public async Task AJobGetsAPodWithJobLabelsAndAControllerOwnerReference()
    {
        var job = await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("labels"), Ns);
        await WaitForConditionAsync("labels", "Complete");

        var pod = await PodOfAsync("labels");

        Assert.Multiple(() =>
        {
            Assert.That(pod.Metadata.Name, Does.Match("^labels-[a-z0-9]{5}$"));
            Assert.That(pod.Metadata.Labels["batch.kubernetes.io/controller-uid"], Is.EqualTo(job.Metadata.Uid));
            Assert.That(pod.Metadata.Labels["job-name"], Is.EqualTo("labels"));
            Assert.That(pod.Metadata.OwnerReferences.Single().Controller, Is.True);
            Assert.That(pod.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(job.Metadata.Uid));
        });
    }

    [Test]
    public async Task ADefaultPodSucceedsAndTheJobCompletes()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("ok"), Ns);

        var job = await WaitForConditionAsync("ok", "Complete");
        var pod = await PodOfAsync("ok");

        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Succeeded, Is.EqualTo(1));
            Assert.That(job.Status.CompletionTime, Is.Not.Null);
            Assert.That(job.Status.Conditions.Select(c => c.Type), Does.Contain("SuccessCriteriaMet"));
            Assert.That(pod.Status.Phase, Is.EqualTo("Succeeded"));
            Assert.That(pod.Status.ContainerStatuses.Single().State.Terminated.Reason, Is.EqualTo("Completed"));
        });
    }

    [TestCase("kubesim/exit-3", 3, "Error")]
    [TestCase("kubesim/oom", 137, "OOMKilled")]
    public async Task AFailingContainerFailsTheJobWithBackoffLimitExceeded(string image, int exitCode, string reason)
    {
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("fail", image), Ns);

        var job = await WaitForConditionAsync("fail", "Failed");
        var pod = await PodOfAsync("fail");

        Assert.Multiple(() =>
        {
            Assert.That(job.Status.Conditions.Single(c => c.Type == "Failed").Reason, Is.EqualTo("BackoffLimitExceeded"));
            Assert.That(pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode, Is.EqualTo(exitCode));
            Assert.That(pod.Status.ContainerStatuses.Single().State.Terminated.Reason, Is.EqualTo(reason));
        });
    }

    [Test]
    public async Task AnAnnotationScriptsTheOutcome()
    {
        var spec = CrudContract.SampleJob("annotated");
        spec.Spec.Template.Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = "exit:7 after:1s" } };
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);

        await WaitForConditionAsync("annotated", "Failed");

        Assert.That((await PodOfAsync("annotated")).Status.ContainerStatuses.Single().State.Terminated.ExitCode, Is.EqualTo(7));
    }

    [Test]
    public async Task AnImagePullFailureLeavesThePodPendingWithImagePullEvents()
    {
        Sim.Scripts.Script("registry.example/missing:1", "errimagepull");
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("pull", "registry.example/missing:1"), Ns);

        await Eventually(async () =>
        {
            var pods = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=pull");
            return pods.Items.SingleOrDefault()?.Status?.ContainerStatuses?.Single().State?.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff";
        }, "pod waiting on image pull");
        var events = await Client.CoreV1.ListNamespacedEventAsync(Ns);

        Assert.Multiple(async () =>
        {
            Assert.That((await PodOfAsync("pull")).Status.Phase, Is.EqualTo("Pending"));
            Assert.That(events.Items.Select(e => e.Message), Does.Contain("Error: ErrImagePull"));
        });
    }

    [Test]
    public async Task AnUnschedulablePodGetsPodScheduledFalseAndAFailedSchedulingEvent()
    {
        var spec = CrudContract.SampleJob("unsched");
        spec.Spec.Template.Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = "unschedulable" } };
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);

        await Eventually(async () =>
            (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedScheduling")).Items.Count == 1, "FailedScheduling event");
        var pod = await PodOfAsync("unsched");

        Assert.That(pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Reason, Is.EqualTo("Unschedulable"));
    }

    [Test]
    public async Task ActiveDeadlineSecondsFailsTheJobWithDeadlineExceeded()
    {
        var spec = CrudContract.SampleJob("deadline", "kubesim/hang");
        spec.Spec.ActiveDeadlineSeconds = 2;
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);

        var job = await WaitForConditionAsync("deadline", "Failed");

        Assert.That(job.Status.Conditions.Single(c => c.Type == "Failed").Reason, Is.EqualTo("DeadlineExceeded"));
    }

    [Test]
    public async Task TtlSecondsAfterFinishedDeletesTheJobAndItsPods()
    {
        var spec = CrudContract.SampleJob("ttl");
        spec.Spec.TtlSecondsAfterFinished = 1;
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);

        await Eventually(async () => (await Client.BatchV1.ListNamespacedJobAsync(Ns)).Items.Count == 0
            && (await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Count == 0, "job and pod deleted");
    }

    [Test]
    public async Task TtlSecondsAfterFinishedDeletesInTheForegroundSoTheJobWaitsForItsPods()
    {
        // The TTL-after-finished controller deletes with propagationPolicy Foreground: the Job stays,
        // marked with the foregroundDeletion finalizer, until its pods are gone.
        var spec = CrudContract.SampleJob("ttl-fg");
        spec.Spec.TtlSecondsAfterFinished = 1;
        spec.Spec.Template.Metadata ??= new V1ObjectMeta();
        spec.Spec.Template.Metadata.Finalizers = ["example.com/hold"];
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);
        await WaitForConditionAsync("ttl-fg", "Complete");
        var pod = await PodOfAsync("ttl-fg");

        V1Job? held = null;
        await Eventually(async () => (held = await Client.BatchV1.ReadNamespacedJobAsync("ttl-fg", Ns)).Metadata.DeletionTimestamp is not null, "the TTL deletes the Job");
        Assert.That(held!.Metadata.Finalizers, Does.Contain("foregroundDeletion"));

        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), pod.Metadata.Name, Ns);
        await Eventually(async () => (await Client.BatchV1.ListNamespacedJobAsync(Ns)).Items.Count == 0, "the Job is gone once its pod is");
    }

    [Test]
    public async Task AMissingSecretInEnvFromGivesCreateContainerConfigError()
    {
        var spec = CrudContract.SampleJob("cfg", "kubesim/hang");
        spec.Spec.Template.Spec.Containers[0].EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "absent" } }];
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);

        await Eventually(async () =>
        {
            var pods = await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=cfg");
            return pods.Items.SingleOrDefault()?.Status?.ContainerStatuses?.Single().State?.Waiting?.Message == "secret \"absent\" not found";
        }, "CreateContainerConfigError");
    }

    [Test]
    public async Task PodLogsAreServedWithTailLines()
    {
        var spec = CrudContract.SampleJob("logs");
        spec.Spec.Template.Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/log"] = "one\ntwo\nthree\n" } };
        await Client.BatchV1.CreateNamespacedJobAsync(spec, Ns);
        await WaitForConditionAsync("logs", "Complete");
        var pod = await PodOfAsync("logs");

        using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, Ns, tailLines: 2);
        using var reader = new StreamReader(stream);

        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("two\nthree\n"));
    }

    [Test]
    public async Task DeletingAJobInTheBackgroundDeletesItsPods()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("gc", "kubesim/hang"), Ns);
        await Eventually(async () => (await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Count == 1, "pod created");

        await Client.BatchV1.DeleteNamespacedJobAsync("gc", Ns, propagationPolicy: "Background");

        await Eventually(async () => (await Client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Count == 0, "pod garbage-collected");
    }
}
