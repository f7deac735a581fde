using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>An AgentTask with a start gate gets no Job until the gate is removed, and fails if it never is.</summary>
public sealed class StartGateTests
{
    private static AgentTask Gated()
    {
        var task = Task();
        task.Metadata.Annotations = new Dictionary<string, string> { [StartGate.Annotation] = StartGate.EnvSecret };
        return task;
    }

    [Test]
    public async Task ANewGatedTaskGetsNoJobAndNoStatusWriteUntilItsGateOutlastsTheDelay()
    {
        var h = new ReconcilerHarness();
        h.Add(Gated());

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status, Is.Null, "the gate's owner usually removes it within a round trip");
            Assert.That(result.RequeueAfter, Is.EqualTo(AgentTaskReconciler.GatedStatusDelay));
        });
    }

    [Test]
    public async Task AGatedTaskGetsNoJobAndWaitsPending()
    {
        var h = new ReconcilerHarness();
        h.Add(Gated());
        h.Time.Advance(AgentTaskReconciler.GatedStatusDelay);

        var result = await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Pending));
            Assert.That(h.Task().Status!.Message, Does.Contain(StartGate.EnvSecret));
            Assert.That(result.RequeueAfter, Is.EqualTo(StartGate.Timeout - AgentTaskReconciler.GatedStatusDelay), "looked at again when the gate would time out");
        });
    }

    [Test]
    public async Task RemovingTheGateStartsTheJob()
    {
        var h = new ReconcilerHarness();
        h.Add(Gated());
        await h.ReconcileAsync();

        var opened = h.Task();
        opened.Metadata.Annotations.Remove(StartGate.Annotation);
        opened.Metadata.ResourceVersion = "100";
        h.Cluster.Tasks.Put(opened);
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Starting));
        });
    }

    [Test]
    public async Task AGateNeverRemovedFailsTheTaskAfterTheTimeout()
    {
        var h = new ReconcilerHarness();
        h.Add(Gated());
        await h.ReconcileAsync();

        h.Time.Now = T0 + StartGate.Timeout;
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(h.Task().Status!.Reason, Is.EqualTo(FailureReason.ContainerCreate));
            Assert.That(h.Task().Status!.Message, Does.Contain(StartGate.Annotation));
        });
    }

    [Test]
    public async Task AGatedTaskCancelledBeforeItStartsIsCancelled()
    {
        var h = new ReconcilerHarness();
        var task = Gated();
        task.Spec.Cancel = true;
        h.Add(task);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Is.Empty);
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Cancelled));
        });
    }
}
