namespace Oz.Operator.Tests.EndToEnd;

/// <summary>Scripted pod outcomes through the real controller, KubernetesClient and HTTP.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class AgentTaskEndToEndTests
{
    public static IEnumerable<TestCaseData> Outcomes()
    {
        yield return new TestCaseData(TestKubelet.Terminated(0, "Completed"), AgentTaskPhase.Succeeded, null, 0, true).SetName("APodThatExitsZeroSucceedsAndItsJobIsDeleted");
        yield return new TestCaseData(TestKubelet.Terminated(3, "Error"), AgentTaskPhase.Failed, FailureReason.ContainerExit, 3, false).SetName("APodThatExitsNonZeroFailsWithItsExitCodeAndItsJobIsKeptForItsTtl");
        yield return new TestCaseData(TestKubelet.Terminated(137, "OOMKilled"), AgentTaskPhase.Failed, FailureReason.ContainerOOM, 137, false).SetName("AnOomKilledPodFailsWithContainerOOMAndItsJobIsKeptForItsTtl");
        yield return new TestCaseData(TestKubelet.Waiting("ImagePullBackOff", "Back-off pulling image"), AgentTaskPhase.Failed, FailureReason.ImagePull, null, true).SetName("AnImagePullBackOffFailsAtOnceAndItsStillRunningJobIsDeleted");
    }

    [TestCaseSource(nameof(Outcomes))]
    public async Task EachScriptedPodOutcomeEndsInTheRightPhaseReasonAndExitCode(k8s.Models.V1PodStatus outcome, AgentTaskPhase phase, FailureReason? reason, int? exitCode, bool jobDeleted)
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("outcome");
        var job = await env.WaitForJobAsync("outcome");
        await env.WaitForTaskAsync("outcome", t => t.Status?.Phase == AgentTaskPhase.Starting, "Starting");

        await env.Kubelet.RunPodAsync(job!, outcome);

        var task = await env.WaitForTaskAsync("outcome", t => t.Status?.Phase?.IsTerminal() == true, "a terminal phase");
        Assert.Multiple(() =>
        {
            Assert.That(task!.Status!.Phase, Is.EqualTo(phase), task.Status.Message);
            Assert.That(task.Status.Reason, Is.EqualTo(reason));
            Assert.That(task.Status.ExitCode, Is.EqualTo(exitCode));
            Assert.That(task.Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup));
        });
        if (jobDeleted)
        {
            await KubeSimCluster.WaitForAsync(() => env.GetJobAsync("outcome"), j => j is null, "the finished task's Job to be deleted");
            return;
        }

        // Kept for kubectl logs until Kubernetes' TTL controller removes it (as the reference worker does).
        var kept = await env.GetJobAsync("outcome");
        Assert.That(kept?.Spec.TtlSecondsAfterFinished, Is.EqualTo(OperatorOptions.DefaultTtlSecondsAfterFinished));
    }

    [Test]
    public async Task ATaskWithAWorkspaceClaimRunsToSucceededWithAGenericEphemeralWorkspace()
    {
        await using var env = await OperatorOnKubeSim.StartAsync(new OperatorOptions
        {
            Namespace = OperatorOnKubeSim.Namespace,
            WorkspaceClaim = new WorkspaceClaimOptions { Size = "50Gi", StorageClassName = "fast-ssd" },
        });
        await env.CreateTaskAsync("claim");
        var job = await env.WaitForJobAsync("claim");

        // The simulator validates the pod's ephemeral volume as the API server does before it runs.
        await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));

        var task = await env.WaitForTaskAsync("claim", t => t.Status?.Phase?.IsTerminal() == true, "a terminal phase");
        var claim = job!.Spec.Template.Spec.Volumes.Single(v => v.Name == "workspace").Ephemeral.VolumeClaimTemplate.Spec;
        Assert.That(task!.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded), task.Status.Message);
        Assert.That((claim.StorageClassName, claim.Resources.Requests["storage"].ToString()), Is.EqualTo(("fast-ssd", "50Gi")));
    }

    [Test]
    public async Task APodUnschedulablePastTheTimeoutFailsAndItsJobIsDeleted()
    {
        await using var env = await OperatorOnKubeSim.StartAsync(new OperatorOptions
        {
            Namespace = OperatorOnKubeSim.Namespace,
            UnschedulableTimeout = TimeSpan.FromMilliseconds(300),
            Cleanup = false,
        });
        await env.CreateTaskAsync("stuck");
        var job = await env.WaitForJobAsync("stuck");

        await env.Kubelet.RunPodAsync(job!, new k8s.Models.V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new k8s.Models.V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available", LastTransitionTime = DateTime.UtcNow }],
        });

        var task = await env.WaitForTaskAsync("stuck", t => t.Status?.Phase?.IsTerminal() == true, "a terminal phase");
        Assert.That(task!.Status!.Reason, Is.EqualTo(FailureReason.Unschedulable), task.Status.Message);
        await KubeSimCluster.WaitForAsync(() => env.GetJobAsync("stuck"), j => j is null, "the stuck Job to be deleted even without cleanup");
    }

    [Test]
    public async Task TransitionsAreRecordedAsEventsK8sIoEvents()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("evented");
        var job = await env.WaitForJobAsync("evented");
        await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        await env.WaitForTaskAsync("evented", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");

        var events = await KubeSimCluster.WaitForAsync(
            async () => (await env.Client.EventsV1.ListNamespacedEventAsync(OperatorOnKubeSim.Namespace)).Items.Where(e => e.Regarding?.Name == "evented").Select(e => e.Reason).ToList(),
            reasons => reasons.Contains("Succeeded"),
            "a Succeeded event");

        Assert.That(events, Does.Contain("Starting"));
    }

    [Test]
    public async Task ARestartedOperatorAdoptsItsJobAndNeverCreatesASecond()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("survivor");
        var job = await env.WaitForJobAsync("survivor");
        await env.Kubelet.RunPodAsync(job!, TestKubelet.Running());
        await env.WaitForTaskAsync("survivor", t => t.Status?.Phase == AgentTaskPhase.Running, "Running");

        await env.StopOperatorAsync();
        await env.Kubelet.SetPodStatusAsync(job!.Metadata.Name + "-x1y2z", TestKubelet.Terminated(0, "Completed"));
        env.StartOperator();

        await env.WaitForTaskAsync("survivor", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded after the restart");
        Assert.That(env.Sim.RequestLog.Count("create", "jobs"), Is.EqualTo(1));
    }

    [Test]
    public async Task CancellingDeletesTheJobAndEndsCancelled()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("doomed");
        var job = await env.WaitForJobAsync("doomed");
        await env.Kubelet.RunPodAsync(job!, TestKubelet.Running());
        await env.WaitForTaskAsync("doomed", t => t.Status?.Phase == AgentTaskPhase.Running, "Running");

        await env.PatchTaskSpecAsync("doomed", new { cancel = true });

        var task = await env.WaitForTaskAsync("doomed", t => t.Status?.Phase == AgentTaskPhase.Cancelled, "Cancelled");
        Assert.Multiple(async () =>
        {
            Assert.That(task!.Status!.Reason, Is.EqualTo(FailureReason.Cancelled));
            Assert.That(await env.GetJobAsync("doomed"), Is.Null);
        });
    }

    [Test]
    public async Task DeletingATaskDeletesItsJobBeforeTheTaskGoes()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("deleted");
        await env.WaitForJobAsync("deleted");
        await env.WaitForTaskAsync("deleted", t => t.Metadata.Finalizers?.Contains(AgentTaskFinalizer.JobCleanup) == true, "the finalizer");

        await env.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural, "deleted");

        await KubeSimCluster.WaitForAsync(() => env.GetTaskAsync("deleted"), t => t is null, "the AgentTask to be gone");
        Assert.That(await env.GetJobAsync("deleted"), Is.Null);
    }

    [Test]
    public async Task QueuedTasksStartAsOthersFinish()
    {
        await using var env = await OperatorOnKubeSim.StartAsync(new OperatorOptions { Namespace = OperatorOnKubeSim.Namespace, MaxConcurrentTasks = 1 });
        await env.CreateTaskAsync("first");
        var first = await env.WaitForJobAsync("first");
        await env.CreateTaskAsync("second");
        await env.WaitForTaskAsync("second", t => t.Status?.Phase == AgentTaskPhase.Queued, "the second task Queued");
        Assert.That(await env.GetJobAsync("second"), Is.Null);

        await env.Kubelet.RunPodAsync(first!, TestKubelet.Terminated(0, "Completed"));

        await env.WaitForJobAsync("second");
        await env.WaitForTaskAsync("second", t => t.Status?.Phase == AgentTaskPhase.Starting, "the second task Starting");
    }
}
