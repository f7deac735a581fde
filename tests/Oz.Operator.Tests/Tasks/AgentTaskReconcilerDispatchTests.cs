using k8s.Autorest;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>A task's start: the finalizer, one Job (adopted when it already exists, never recreated once gone), and nothing before the caches have synced.</summary>
public sealed class AgentTaskReconcilerDispatchTests
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
