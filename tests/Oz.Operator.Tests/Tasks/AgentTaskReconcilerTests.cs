using k8s.Autorest;
using Oz.Operator.Tasks.Queueing;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

public sealed class AgentTaskReconcilerTests
{
    [Test]
    public async Task ANewTaskGetsTheFinalizerAJobAndStatusStarting()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup));
            Assert.That(h.Cluster.CreatedJobs.Select(j => j.Metadata.Name), Is.EqualTo(new[] { JobNaming.JobNameFor(Namespace, "t1") }));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Task().Status!.JobName, Is.EqualTo(JobNaming.JobNameFor(Namespace, "t1")));
        });
    }

    [Test]
    public async Task TheJobIsCreatedWhileTheFinalizerIsBeingWrittenAndTheStatusAfterBoth()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.FinalizerGate = new TaskCompletionSource();

        var reconcile = h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1), "the Job create does not wait for the finalizer");
            Assert.That(h.Cluster.StatusWrites, Is.Empty, "the status write carries the finalizer write's resourceVersion");
            Assert.That(reconcile.IsCompleted, Is.False);
        });

        h.Cluster.FinalizerGate.SetResult();
        await reconcile.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
        });
    }

    [Test]
    public void AFailedFinalizerWriteFailsTheReconcileForTheQueueToRetry()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.FinalizerGate = new TaskCompletionSource();
        h.Cluster.FinalizerGate.SetException(new HttpOperationException("conflict"));

        Assert.ThrowsAsync<HttpOperationException>(() => h.ReconcileAsync());
        Assert.That(h.Cluster.StatusWrites, Is.Empty);
    }

    [Test]
    public async Task TheJobIsCreatedOnceHoweverOftenTheTaskIsReconciled()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());

        for (var i = 0; i < 5; i++)
        {
            await h.ReconcileAsync();
        }

        Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AJobAlreadyInTheCacheIsAdoptedNotCreatedAgain()
    {
        var h = new ReconcilerHarness();
        var task = h.Add(Task());
        var existing = JobBuilder.Build(task, h.Options);
        h.Cluster.Jobs.Put(existing);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status!.JobName, Is.EqualTo(existing.Metadata.Name));
        });
    }

    [Test]
    public async Task AJobTheCacheDoesNotShowYetIsAdoptedOnAlreadyExists()
    {
        var h = new ReconcilerHarness();
        var task = h.Add(Task());
        var existing = JobBuilder.Build(task, h.Options);
        h.Cluster.JobsOnlyOnServer[ObjectKey.Of(existing)] = existing;

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Task().Status!.JobName, Is.EqualTo(existing.Metadata.Name));
        });
    }

    [Test]
    public async Task ARecordedJobMissingOnlyFromTheCacheIsNotTakenForDeleted()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        var job = h.JobOf()!;
        h.Cluster.Jobs.Remove(ObjectKey.Of(job));
        h.Cluster.JobsOnlyOnServer[ObjectKey.Of(job)] = job;

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AJobDeletedUnderARunningTaskFailsItWithJobDeleted()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.Cluster.Jobs.Remove(ObjectKey.Of(h.JobOf()!));

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.JobDeleted));
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1), "a vanished Job is never recreated");
        });
    }

    [Test]
    public async Task TheStatusIsNotWrittenWhenNothingChanged()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => p.WithTask(Running()));
        await h.ReconcileAsync();
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
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => p.WithTask(Running()));
        await h.ReconcileAsync();
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

    // ---- concurrency limit

    [Test]
    public async Task TasksBeyondTheLimitStayQueuedWithoutAJob()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("a", T0));
        h.Add(Task("b", T0.AddSeconds(1)));
        await h.ReconcileAsync("a");

        await h.ReconcileAsync("b");

        Assert.Multiple(() =>
        {
            Assert.That(h.Task("b").Status!.Phase, Is.EqualTo(AgentTaskPhase.Queued));
            Assert.That(h.JobOf("b"), Is.Null);
        });
    }

    [Test]
    public async Task WithALimitADispatchReadsTheUnfinishedTasksIndexNotAListOfAllTasks()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("a", T0));

        await h.ReconcileAsync("a");

        Assert.Multiple(() =>
        {
            Assert.That(h.JobOf("a"), Is.Not.Null);
            Assert.That(h.Cluster.Tasks.Lists, Is.Zero, "finished tasks (a day's worth) never hold a slot: no scan of them");
            Assert.That(h.Cluster.Tasks.IndexReads, Is.Positive);
        });
    }

    [Test]
    public async Task AYoungerTaskNeverOvertakesAnOlderQueuedOne()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("old", T0.AddSeconds(1)));
        h.Add(Task("young", T0.AddSeconds(2)));

        // The younger task happens to be reconciled first: the slot still belongs to the older one.
        await h.ReconcileAsync("young");
        await h.ReconcileAsync("old");

        Assert.Multiple(() =>
        {
            Assert.That(h.Task("young").Status!.Phase, Is.EqualTo(AgentTaskPhase.Queued));
            Assert.That(h.JobOf("old"), Is.Not.Null);
        });
    }

    [Test]
    public async Task WhenATaskFinishesTheOldestQueuedTaskIsWokenAndStarts()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("a", T0));
        h.Add(Task("c", T0.AddSeconds(2)));
        h.Add(Task("b", T0.AddSeconds(1)));
        foreach (var name in new[] { "a", "b", "c" })
        {
            await h.ReconcileAsync(name);
        }

        h.SetPod("a", p => { p.Status.Phase = "Succeeded"; p.WithTask(Terminated(0)); });
        h.Enqueued.Clear();
        await h.ReconcileAsync("a");
        Assert.That(h.Enqueued, Is.EqualTo(new[] { new ObjectKey(Namespace, "b") }));

        await h.ReconcileAsync("b");
        await h.ReconcileAsync("c");
        Assert.Multiple(() =>
        {
            Assert.That(h.Task("b").Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
            Assert.That(h.Task("c").Status!.Phase, Is.EqualTo(AgentTaskPhase.Queued));
        });
    }

    [Test]
    public async Task ADeletedTaskFreesItsSlot()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("a", T0));
        h.Add(Task("b", T0.AddSeconds(1)));
        await h.ReconcileAsync("a");
        await h.ReconcileAsync("b");
        h.Cluster.Tasks.Remove(new ObjectKey(Namespace, "a"));
        h.Cluster.Jobs.Remove(ObjectKey.Of(h.JobOf("a")!));

        await h.ReconcileAsync("a");

        Assert.That(h.Enqueued, Is.EqualTo(new[] { new ObjectKey(Namespace, "b") }));
    }

    [Test]
    public async Task NoLimitMeansEveryTaskStarts()
    {
        var h = new ReconcilerHarness();
        for (var i = 0; i < 5; i++)
        {
            h.Add(Task("t" + i, T0.AddSeconds(i)));
            await h.ReconcileAsync("t" + i);
        }

        Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task WithoutALimitADispatchReadsNoListOfTasks()
    {
        var h = new ReconcilerHarness();
        for (var i = 0; i < 5; i++)
        {
            h.Add(Task("t" + i, T0.AddSeconds(i)));
        }

        await h.ReconcileAsync("t4");

        Assert.Multiple(() =>
        {
            Assert.That(h.JobOf("t4"), Is.Not.Null);
            Assert.That(h.Cluster.Tasks.Lists, Is.Zero, "a list of every cached task per dispatch makes a burst O(N²)");
        });
    }

    // ---- cancellation and deletion

    [Test]
    public async Task CancelDeletesTheJobAndEndsCancelledOnceItIsGone()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => p.WithTask(Running()));
        await h.ReconcileAsync();
        h.Cluster.GradualJobDeletion = true;
        h.Task().Spec.Cancel = true;

        await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Running), "not Cancelled while the Job is still there");
        });

        h.Cluster.FinishJobDeletions();
        await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Cancelled));
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.Cancelled));
            Assert.That(h.Cluster.Events.Last().Event.Reason, Is.EqualTo("Cancelled"));
        });
    }

    [Test]
    public async Task ACancelledQueuedTaskEndsCancelledWithoutEverGettingAJob()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("a", T0));
        h.Add(Task("b", T0.AddSeconds(1)));
        await h.ReconcileAsync("a");
        await h.ReconcileAsync("b");
        h.Task("b").Spec.Cancel = true;

        await h.ReconcileAsync("b");

        Assert.Multiple(() =>
        {
            Assert.That(h.Task("b").Status!.Phase, Is.EqualTo(AgentTaskPhase.Cancelled));
            Assert.That(h.JobOf("b"), Is.Null);
        });
    }

    [Test]
    public async Task DeletingATaskRemovesTheFinalizerOnlyAfterTheJobIsGone()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.Cluster.GradualJobDeletion = true;
        await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);

        await h.ReconcileAsync();
        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Task().Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup));
        });

        await h.ReconcileAsync();
        Assert.That(h.Task().Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup), "still held while the Job is being deleted");

        h.Cluster.FinishJobDeletions();
        await h.ReconcileAsync();
        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task ATaskGoneTogetherWithItsJobLeavesNoRememberedDelete()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.Cluster.GradualJobDeletion = true;
        await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);
        await h.ReconcileAsync();
        Assert.That(h.Reconciler.RememberedJobDeletes, Is.EqualTo(1), "the Job delete was sent");

        // The Job and the task leave the caches before the next pass (e.g. the finalizer was removed by hand).
        h.Cluster.FinishJobDeletions();
        h.Cluster.Tasks.Remove(new ObjectKey(Namespace, "t1"));
        await h.ReconcileAsync();

        Assert.That(h.Reconciler.RememberedJobDeletes, Is.Zero);
    }

    [Test]
    public async Task DeletingAFinishedTaskKeepsItsResult()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, Cleanup = false });
        await h.RunToSuccessAsync(Task());
        await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedJobs, Has.Count.EqualTo(1), "the Job goes before the AgentTask, cleanup or not");
            Assert.That(h.Cluster.StatusWrites.Last().Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
            Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
        });
    }

    // ---- cleanup and retention

    /// <summary>A harness whose operator keeps finished tasks for an hour (hand-made ones too, unless it deletes them).</summary>
    private static ReconcilerHarness Retaining(bool deleteHandMadeTasks = false) =>
        new(new OperatorOptions { Namespace = Namespace, TaskRetention = TimeSpan.FromHours(1), DeleteHandMadeTasks = deleteHandMadeTasks });

    [Test]
    public async Task AFinishedTasksJobIsDeleted()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => { p.Status.Phase = "Succeeded"; p.WithTask(Terminated(0)); });

        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedJobs, Is.EqualTo(new[] { JobNaming.JobNameFor(Namespace, "t1") }));
    }

    [Test]
    public async Task WithCleanupAFailedTasksFinishedJobIsKeptForItsTtlToo()
    {
        var h = new ReconcilerHarness();
        await h.DispatchAsync(Task());
        h.SetFinished("t1", succeeded: false);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Cluster.DeletedJobs, Is.Empty, "kept for kubectl logs");
            Assert.That(h.Cluster.CreatedJobs.Single().Spec.TtlSecondsAfterFinished, Is.EqualTo(86400), "until Kubernetes' TTL controller removes it");
        });
    }

    [Test]
    public async Task WithoutCleanupAFinishedTasksJobIsKept()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, Cleanup = false });
        await h.DispatchAsync(Task());
        h.SetFinished("t1", succeeded: false);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Cluster.DeletedJobs, Is.Empty);
        });
    }

    [Test]
    public async Task AJobFailedWhilePendingIsDeletedEvenWithoutCleanup()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, Cleanup = false });
        await h.DispatchAsync(Task());
        h.SetPod("t1", p => p.WithTask(Waiting("ImagePullBackOff")));

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.ImagePull));
            Assert.That(h.Cluster.DeletedJobs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AFinishedTaskIsLookedAtAgainWhenItsRetentionRunsOut()
    {
        var h = Retaining(deleteHandMadeTasks: true);
        await h.RunToSuccessAsync(Task());
        h.Time.Now = T0.AddMinutes(10);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(50)));
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
        });
    }

    [Test]
    public async Task AFinishedTaskIsDeletedAfterItsRetentionWhenHandMadeTasksAreDeleted()
    {
        var h = Retaining(deleteHandMadeTasks: true);
        await h.RunToSuccessAsync(Task());
        h.Time.Now = T0.AddMinutes(61);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task AnOzTaskNotYetReportedOutlivesItsRetention()
    {
        var h = Retaining();
        var task = Task();
        task.Spec.TaskId = "oz-task-1";
        task.Metadata.Labels = new Dictionary<string, string> { [TaskLabels.Source] = TaskLabels.SourceOz };
        await h.RunToSuccessAsync(task);
        h.Time.Now = T0.AddDays(30);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(result.RequeueAfter, Is.Null, "the bridge's reportedToOz write queues the task again");
        });
    }

    [Test]
    public async Task AHandMadeTaskIsKeptAfterTheRetention()
    {
        var h = Retaining();
        await h.RunToSuccessAsync(Task());
        h.Time.Now = T0.AddDays(30);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(result.RequeueAfter, Is.Null);
        });
    }

    [Test]
    public async Task AHandMadeTaskWithDeleteAfterIsDeletedThatLongAfterItFinished()
    {
        var h = Retaining();
        var task = Task();
        task.Metadata.Annotations = new Dictionary<string, string> { [TaskRetention.DeleteAfterAnnotation] = "10m" };
        await h.RunToSuccessAsync(task);
        h.Time.Now = T0.AddMinutes(11);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task AnInvalidDeleteAfterKeepsTheTaskWithAWarningEvent()
    {
        var h = Retaining(deleteHandMadeTasks: true);
        var task = Task();
        task.Metadata.Annotations = new Dictionary<string, string> { [TaskRetention.DeleteAfterAnnotation] = "tomorrow" };
        await h.RunToSuccessAsync(task);
        h.Time.Now = T0.AddDays(30);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Does.Contain("InvalidDeleteAfter"));
        });
    }

    // ---- robustness

    [Test]
    public async Task NothingHappensUntilTheCachesHaveSynced()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.Jobs.HasSynced = false;

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.Not.Null);
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
        });
    }

    [Test]
    public async Task AnOldJobOfAnEarlierTaskWithTheSameNameIsNotAdopted()
    {
        var h = new ReconcilerHarness();
        var task = h.Add(Task());
        var old = JobBuilder.Build(task, h.Options);
        old.Metadata.OwnerReferences[0].Uid = "uid-of-an-earlier-t1";
        h.Cluster.Jobs.Put(old);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.Not.Null);
            Assert.That(h.Task().Status, Is.Null);
        });
    }

    [Test]
    public async Task AMissingTaskIsDone()
    {
        var h = new ReconcilerHarness();

        var result = await h.ReconcileAsync("nope");

        Assert.That(result, Is.EqualTo(ReconcileResult.Done));
    }
}
