using k8s.Autorest;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>What the status says of a dispatched task and when it is written; the Events that record its transitions.</summary>
public sealed class AgentTaskReconcilerStatusTests
{
    [Test]
    public async Task TheStatusIsNotWrittenWhenNothingChanged()
    {
        var h = new ReconcilerHarness();
        await h.RunningAsync(Task());
        var writes = h.Cluster.StatusWrites.Count;

        h.Time.Now = h.Time.Now.AddMinutes(3);
        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.That(h.Cluster.StatusWrites, Has.Count.EqualTo(writes));
    }

    [Test]
    public async Task RoutineProgressWhileStartingIsWrittenOnlyOnceItHasLasted()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        var writes = h.Cluster.StatusWrites.Count;

        // Pending on node-1 since T0+1s (scheduled): "starting on node-1", routine progress.
        h.SetPod("t1", _ => { });
        h.Time.Now = T0.AddSeconds(1);
        var result = await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.StatusWrites, Has.Count.EqualTo(writes), "progress not written at once");
            Assert.That(result.RequeueAfter, Is.EqualTo(AgentTaskReconciler.ProgressWriteDelay));
        });

        h.Time.Now = T0.AddSeconds(1) + AgentTaskReconciler.ProgressWriteDelay;
        await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.StatusWrites, Has.Count.EqualTo(writes + 1));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Task().Status!.NodeName, Is.EqualTo("node-1"));
            Assert.That(h.Task().Status!.Message, Does.Contain("node-1"));
        });
    }

    [Test]
    public async Task APodThatRunsSoonAfterItsJobCostsOneStatusWriteForItsWholeStart()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", _ => { });
        h.Time.Now = T0.AddSeconds(1);
        await h.ReconcileAsync();

        h.SetPod("t1", p => p.WithTask(Running()));
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.StatusWrites.Select(w => w.Phase), Is.EqualTo(new AgentTaskPhase?[] { AgentTaskPhase.Starting, AgentTaskPhase.Running }));
            Assert.That(h.Task().Status!.NodeName, Is.EqualTo("node-1"), "the Running write carries the pod's details");
        });
    }

    [Test]
    public async Task AProblemWhileStartingIsWrittenAtOnce()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p =>
        {
            p.Spec.NodeName = null;
            p.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available", LastTransitionTime = T0 }];
        });

        await h.ReconcileAsync();

        Assert.That(h.Task().Status!.Message, Does.Contain("cannot be scheduled"));
    }

    [Test]
    public async Task EachTransitionIsRecordedAsAnEvent()
    {
        var h = new ReconcilerHarness();
        await h.RunningAsync(Task());
        h.SetPod("t1", p => { p.Status.Phase = "Succeeded"; p.WithTask(Terminated(0, "Completed")); });
        h.SetJobCondition("t1", "Complete");
        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.That(h.Cluster.Events.Select(e => (e.Event.Type, e.Event.Reason)), Is.EqualTo(new[]
        {
            (TaskEvent.Normal, "Starting"),
            (TaskEvent.Normal, "Running"),
            (TaskEvent.Normal, "Succeeded"),
        }));
    }

    [Test]
    public async Task ATaskIsDispatchedWithoutWaitingForItsEventToBeWritten()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.EventGate = new TaskCompletionSource();

        await h.Reconciler.ReconcileAsync(new ObjectKey(Namespace, "t1"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Cluster.Events, Is.Empty);
        });

        h.Cluster.EventGate.SetResult();
        await h.Reconciler.Events.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Is.EqualTo(new[] { "Starting" }));
    }

    [Test]
    public async Task AFailureIsAWarningEventWithTheFailureReason()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => p.WithTask(Waiting("ErrImagePull", "not found")));

        await h.ReconcileAsync();

        Assert.That(h.Cluster.Events.Last().Event, Is.EqualTo(new TaskEvent(TaskEvent.Warning, "ImagePull", "Transition", h.Task().Status!.Message!)));
    }

    [Test]
    public void AStatusWriteConflictIsThrownForTheQueueToRetryAndEmitsNoEvent()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.RejectStatusWrites = true;

        Assert.ThrowsAsync<HttpOperationException>(() => h.ReconcileAsync());
        Assert.That(h.Cluster.Events, Is.Empty);
    }

    [Test]
    public async Task AnInvalidTaskFailsWithAClearMessageAndAWarning()
    {
        var h = new ReconcilerHarness();
        var task = Task();
        task.Spec.Sidecars = [new AgentTaskSidecar { Image = "agent:1", MountPath = "/workspace" }];
        h.Add(task);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Task().Status!.Message, Does.Contain("/workspace"));
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Cluster.Events.Single().Event.Type, Is.EqualTo(TaskEvent.Warning));
        });
    }

    [Test]
    public async Task AFailedContainerLeavesItsLogTailInTheMessage()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        var pod = h.SetPod("t1", p => { p.Status.Phase = "Failed"; p.WithTask(Terminated(2, "Error")); });
        h.Cluster.Logs[pod.Metadata.Name + "/task"] = "step 1\nstep 2\nfatal: repository not found\n";

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.ContainerExit));
            Assert.That(h.Task().Status!.ExitCode, Is.EqualTo(2));
            Assert.That(h.Task().Status!.Message, Does.EndWith("fatal: repository not found"));
        });
    }

    [Test]
    public async Task AnUnschedulablePodIsLookedAtAgainWhenItsTimeoutRunsOut()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p =>
        {
            p.Spec.NodeName = null;
            p.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", LastTransitionTime = T0 }];
        });
        h.Time.Now = T0.AddSeconds(12);

        var result = await h.ReconcileAsync();

        Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromSeconds(18)));
    }

    [Test]
    public async Task EventsOfAWaitingPodAreReadOnlyAfterAShortGraceAndCanFailTheTask()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        var pod = h.SetPod("t1", p => p.WithTask(Waiting("ContainerCreating")));
        h.Cluster.CoreEvents.Add(Event("FailedMount", "Pod", pod.Metadata.Name, "secret \"oz-env\" not found"));

        var early = await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Message, Does.Not.Contain("oz-env"));
            Assert.That(early.RequeueAfter, Is.LessThanOrEqualTo(AgentTaskReconciler.EventsGrace));
        });

        h.Time.Now = T0.AddSeconds(10);
        await h.ReconcileAsync();
        Assert.That(h.Task().Status!.Message, Does.Contain("oz-env"));

        h.Time.Now = T0.AddMinutes(3);
        await h.ReconcileAsync();
        Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.VolumeMount));
    }
}
