using k8s.Autorest;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>Job creates the API server refuses, and Jobs of the task's name that are not the task's own.</summary>
public sealed class AgentTaskReconcilerJobCreateTests
{
    private const string QuotaMessage =
        "jobs.batch \"t1-job\" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1, used: count/jobs.batch=1, limited: count/jobs.batch=1";

    [Test]
    public async Task ARefusedJobCreateFailsTheTaskWithTheServersMessageAndAWarningEvent()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.JobCreateError = new JobCreateRefusedException(HttpStatusCode.Forbidden, QuotaMessage);

        await h.ReconcileAsync();

        var status = h.Task().Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(status.Reason, Is.EqualTo(FailureReason.JobCreateRefused));
            Assert.That(status.Message, Does.Contain(QuotaMessage));
            Assert.That(h.Cluster.Events.Select(e => (e.Event.Type, e.Event.Reason)), Does.Contain((TaskEvent.Warning, "JobCreateRefused")));
        });
    }

    [Test]
    public async Task ATaskWhoseJobWasRefusedIsNotRetried()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.JobCreateError = new JobCreateRefusedException(HttpStatusCode.UnprocessableEntity, "Job.batch \"t1-job\" is invalid");
        await h.ReconcileAsync();
        var writes = h.Cluster.StatusWrites.Count;

        h.Cluster.JobCreateError = null;
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty, "a failed task gets no Job later");
            Assert.That(h.Cluster.StatusWrites, Has.Count.EqualTo(writes));
        });
    }

    [Test]
    public void ATransientJobCreateErrorIsThrownForTheQueueToRetryWithBackoff()
    {
        var h = new ReconcilerHarness();
        h.Add(Task());
        h.Cluster.JobCreateError = new HttpOperationException("503") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), "") };

        Assert.ThrowsAsync<HttpOperationException>(() => h.ReconcileAsync());
        Assert.That(h.Task().Status?.Phase, Is.Not.EqualTo(AgentTaskPhase.Failed));
    }

    [Test]
    public async Task ARefusedTaskFreesItsSlotForTheNextQueuedTask()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        h.Add(Task("t1"));
        h.Add(Task("t2", created: T0.AddSeconds(1)));
        h.Cluster.JobCreateError = new JobCreateRefusedException(HttpStatusCode.Forbidden, QuotaMessage);

        await h.ReconcileAsync("t1");

        Assert.That(h.Enqueued, Does.Contain(new ObjectKey(Namespace, "t2")));
    }

    [Test]
    public async Task AJobOfTheSameNameWithoutThisTaskAsControllerIsNotAdoptedOnAlreadyExists()
    {
        var h = new ReconcilerHarness();
        var task = h.Add(Task());
        var stranger = JobBuilder.Build(task, h.Options);
        stranger.Metadata.OwnerReferences = null;
        stranger.Metadata.Uid = "uid-stranger";
        h.Cluster.JobsOnlyOnServer[ObjectKey.Of(stranger)] = stranger;

        await h.ReconcileAsync();

        var status = h.Task().Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(status.Reason, Is.EqualTo(FailureReason.JobCreateRefused));
            Assert.That(status.Message, Does.Contain("not this AgentTask's"));
            Assert.That(h.Cluster.DeletedJobs, Is.Empty, "someone else's Job is never deleted");
        });
    }

    [Test]
    public async Task AStrangerJobInTheCacheIsNeitherAdoptedNorCleanedUp()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, Cleanup = true });
        var task = h.Add(Task());
        var stranger = JobBuilder.Build(task, h.Options);
        stranger.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "other", Uid = "uid-rs", Controller = true }];
        stranger.Metadata.Uid = "uid-stranger";
        h.Cluster.Jobs.Put(stranger);

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.JobCreateRefused));
            Assert.That(h.Task().Status!.Message, Does.Contain("ReplicaSet other"));
            Assert.That(h.Cluster.DeletedJobs, Is.Empty);
            Assert.That(h.Cluster.Jobs.Get(ObjectKey.Of(stranger)), Is.Not.Null);
        });
    }

    [Test]
    public void AJobOfAnEarlierTaskOfTheSameNameIsWaitedOutNotAdopted()
    {
        var h = new ReconcilerHarness();
        var task = h.Add(Task());
        var earlier = JobBuilder.Build(task, h.Options);
        earlier.Metadata.OwnerReferences![0].Uid = "uid-earlier";
        h.Cluster.JobsOnlyOnServer[ObjectKey.Of(earlier)] = earlier;

        Assert.ThrowsAsync<InvalidOperationException>(() => h.ReconcileAsync());
        Assert.That(h.Task().Status?.Phase, Is.Not.EqualTo(AgentTaskPhase.Failed));
    }

    [Test]
    public async Task AJobIsDeletedWithItsUidAsPrecondition()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, Cleanup = true });
        await h.DispatchAsync(Task());
        var uid = h.JobOf()!.Metadata.Uid;
        h.SetJobCondition("t1", "Complete");
        h.SetPod("t1", p => p.Status.Phase = "Succeeded");

        await h.ReconcileAsync();

        Assert.That(h.Cluster.DeletedJobUids, Is.EqualTo(new[] { uid }));
    }
}
