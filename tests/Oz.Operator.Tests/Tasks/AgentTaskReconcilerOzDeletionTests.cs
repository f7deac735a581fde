using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>
/// Deleting a task that came from Oz: the finalizer stays until the Oz bridge has recorded the
/// Cancelled report (reportedToOz), so the deletion is reported before the AgentTask is gone,
/// but never longer than <see cref="AgentTaskReconciler.OzReportTimeout"/>.
/// </summary>
public sealed class AgentTaskReconcilerOzDeletionTests
{
    private static readonly ObjectKey Key = new(Namespace, "t1");

    private static async Task<ReconcilerHarness> DeletedRunningTaskAsync(bool ozConnected, string? taskId = "oz-1", bool claimed = true)
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, WorkerId = OzClaims.WorkerId }, ozConnected: ozConnected);
        var task = taskId is null ? Task() : claimed ? Task().ClaimedBy(taskId) : Task();
        task.Spec.TaskId = taskId;
        await h.RunningAsync(task);
        await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);
        await h.ReconcileAsync(); // deletes the Job, which goes at once
        return h;
    }

    [Test]
    public async Task DeletedOzTaskIsCancelledButKeepsItsFinalizerUntilTheReportIsRecorded()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: true);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Cancelled));
            Assert.That(h.Task().Metadata.Finalizers, Does.Contain(AgentTaskFinalizer.JobCleanup));
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(result.RequeueAfter, Is.EqualTo(AgentTaskReconciler.OzReportTimeout), "looks again when the wait runs out");
        });
    }

    [Test]
    public async Task DeletedOzTaskLetsGoOnceTheReportIsRecorded()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: true);
        await h.ReconcileAsync();

        h.Cluster.MarkReported(Key);
        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
            Assert.That(result, Is.EqualTo(ReconcileResult.Done));
            Assert.That(h.Cluster.Events.Select(e => e.Event.Type), Has.No.Member(TaskEvent.Warning));
        });
    }

    [Test]
    public async Task DeletedOzTaskWaitsOnlyWhatIsLeftOfTheTimeout()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: true);
        h.Time.Now = T0.AddSeconds(90);

        var result = await h.ReconcileAsync();

        Assert.That(result.RequeueAfter, Is.EqualTo(AgentTaskReconciler.OzReportTimeout - TimeSpan.FromSeconds(90)));
    }

    [Test]
    public async Task DeletedOzTaskLetsGoWithAWarningWhenTheReportIsNotRecordedInTime()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: true);
        await h.ReconcileAsync();

        h.Time.Now = T0 + AgentTaskReconciler.OzReportTimeout;
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
            var warning = h.Cluster.Events.Select(e => e.Event).Last();
            Assert.That(warning.Type, Is.EqualTo(TaskEvent.Warning));
            Assert.That(warning.Reason, Is.EqualTo("OzReportTimeout"));
        });
    }

    [Test]
    public async Task DeletedOzTaskLetsGoAtOnceWithoutAnOzConnection()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: false);

        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task DeletedHandMadeTaskLetsGoAtOnceWithAnOzConnection()
    {
        var h = await DeletedRunningTaskAsync(ozConnected: true, taskId: null);

        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task DeletedHandMadeTaskWithATaskIdLetsGoAtOnce()
    {
        // It is never reported (only tasks this worker claimed are), so there is nothing to wait for.
        var h = await DeletedRunningTaskAsync(ozConnected: true, taskId: "oz-forged", claimed: false);

        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    [Test]
    public async Task DeletedOzTaskWhoseResultWasAlreadyReportedLetsGoAtOnce()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, WorkerId = OzClaims.WorkerId }, ozConnected: true);
        var task = Task().ClaimedBy("oz-1");
        await h.RunToSuccessAsync(task);
        h.Cluster.MarkReported(Key);
        await h.ReconcileAsync(); // cleanup deletes the finished Job
        await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
            Assert.That(h.Cluster.StatusWrites.Last().Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
        });
    }
}
