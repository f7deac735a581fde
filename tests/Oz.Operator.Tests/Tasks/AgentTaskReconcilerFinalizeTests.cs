using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>Cancelling and deleting a task: its Job goes first, then the task ends Cancelled or its finalizer is removed.</summary>
public sealed class AgentTaskReconcilerFinalizeTests
{
    [Test]
    public async Task CancelDeletesTheJobAndEndsCancelledOnceItIsGone()
    {
        var h = new ReconcilerHarness();
        await h.RunningAsync(Task());
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
        var h = await ReconcilerHarness.OneSlotHeldByAWithBQueuedAsync();
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
        var h = ReconcilerHarness.WithoutCleanup();
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
}
