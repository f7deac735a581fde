using Oz.Operator.Tasks.Queueing;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>Finished tasks: when their Jobs are deleted, and how long the tasks themselves are kept.</summary>
public sealed class AgentTaskReconcilerRetentionTests
{
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
        var h = await FailedAsync(new ReconcilerHarness());

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
        var h = await FailedAsync(ReconcilerHarness.WithoutCleanup());

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Cluster.DeletedJobs, Is.Empty);
        });
    }

    [Test]
    public async Task AJobFailedWhilePendingIsDeletedEvenWithoutCleanup()
    {
        var h = ReconcilerHarness.WithoutCleanup();
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
        var h = await FinishedAsync(new RetentionCase(true, _ => { }, TimeSpan.FromMinutes(10)));

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(50)));
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
        });
    }

    /// <summary>A finished task and the operator's retention rules, as one row of a retention table.</summary>
    /// <param name="DeleteHandMadeTasks">Whether the operator deletes hand-made tasks after the retention.</param>
    /// <param name="Shape">What makes this task different from a plain hand-made one (labels, annotations).</param>
    /// <param name="Elapsed">How long after it was created the task is looked at again.</param>
    public sealed record RetentionCase(bool DeleteHandMadeTasks, Action<AgentTask> Shape, TimeSpan Elapsed);

    public static IEnumerable<TestCaseData> DeletedCases() =>
    [
        new TestCaseData(new RetentionCase(true, _ => { }, TimeSpan.FromMinutes(61)))
            .SetName("AFinishedTaskIsDeletedAfterItsRetentionWhenHandMadeTasksAreDeleted"),
        new TestCaseData(new RetentionCase(false, DeleteAfter("10m"), TimeSpan.FromMinutes(11)))
            .SetName("AHandMadeTaskWithDeleteAfterIsDeletedThatLongAfterItFinished"),
    ];

    public static IEnumerable<TestCaseData> KeptCases() =>
    [
        new TestCaseData(new RetentionCase(false, t =>
        {
            t.Spec.TaskId = "oz-task-1";
            t.Metadata.Labels = new Dictionary<string, string> { [TaskLabels.Source] = TaskLabels.SourceOz };
        }, TimeSpan.FromDays(30))).SetName("AnOzTaskNotYetReportedOutlivesItsRetention"),
        new TestCaseData(new RetentionCase(false, _ => { }, TimeSpan.FromDays(30)))
            .SetName("AHandMadeTaskIsKeptAfterTheRetention"),
    ];

    [TestCaseSource(nameof(DeletedCases))]
    public async Task AFinishedTaskIsDeletedOnceItsRetentionRanOut(RetentionCase row)
    {
        var h = await FinishedAsync(row);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedTasks, Is.EqualTo(new[] { "t1" }));
    }

    /// <remarks>Nothing asks for it to be looked at again: an Oz task's reportedToOz write queues it again.</remarks>
    [TestCaseSource(nameof(KeptCases))]
    public async Task AFinishedTaskIsKept(RetentionCase row)
    {
        var h = await FinishedAsync(row);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(result.RequeueAfter, Is.Null);
        });
    }

    [Test]
    public async Task AnInvalidDeleteAfterKeepsTheTaskWithAWarningEvent()
    {
        var h = await FinishedAsync(new RetentionCase(true, DeleteAfter("tomorrow"), TimeSpan.FromDays(30)));

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.DeletedTasks, Is.Empty);
            Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Does.Contain("InvalidDeleteAfter"));
        });
    }

    /// <summary>Dispatches a task in <paramref name="h"/>, lets it fail and reconciles the failure and what follows it.</summary>
    private static async Task<ReconcilerHarness> FailedAsync(ReconcilerHarness h)
    {
        await h.DispatchAsync(Task());
        h.SetFinished("t1", succeeded: false);
        await h.ReconcileAsync();
        await h.ReconcileAsync();
        return h;
    }

    private static Action<AgentTask> DeleteAfter(string value) =>
        task => task.Metadata.Annotations = new Dictionary<string, string> { [TaskRetention.DeleteAfterAnnotation] = value };

    /// <summary>A harness with <paramref name="row"/>'s retention rules in which its task has succeeded, looked at <c>Elapsed</c> after T0.</summary>
    private static async Task<ReconcilerHarness> FinishedAsync(RetentionCase row)
    {
        // The operator keeps finished tasks for an hour (hand-made ones too, unless it deletes them).
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, TaskRetention = TimeSpan.FromHours(1), DeleteHandMadeTasks = row.DeleteHandMadeTasks });
        var task = Task();
        row.Shape(task);
        await h.RunToSuccessAsync(task);
        h.Time.Now = T0 + row.Elapsed;
        return h;
    }
}
