using Oz.Operator.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>A spec change after a task started (a GitOps re-apply of a changed manifest) is ignored with an Event, never a second run.</summary>
public sealed class AgentTaskReconcilerSpecChangeTests
{
    private static async Task<ReconcilerHarness> FinishedTaskAsync()
    {
        var h = new ReconcilerHarness();
        var task = Task();
        task.Metadata.Generation = 1;
        await h.RunToSuccessAsync(task);
        return h;
    }

    private static void ChangeSpec(ReconcilerHarness h)
    {
        var changed = h.Task();
        changed.Spec.Image = "busybox:other";
        changed.Metadata.Generation = 2;
        h.Cluster.Tasks.Put(changed);
    }

    [Test]
    public async Task ReconcilingAFinishedTaskAgainCreatesNoJob()
    {
        var h = await FinishedTaskAsync();

        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Does.Not.Contain(StartedSpecChange.Reason));
        });
    }

    [Test]
    public async Task AChangedSpecOfAFinishedTaskIsIgnoredWithAWarning()
    {
        var h = await FinishedTaskAsync();
        ChangeSpec(h);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
            Assert.That(h.Cluster.Events.Where(e => e.Event.Reason == StartedSpecChange.Reason).Select(e => e.Event.Type), Is.EqualTo(new[] { "Warning" }));
        });
    }

    [Test]
    public async Task AnIgnoredChangeIsObservedSoKstatusToolsDoNotWait()
    {
        var h = await FinishedTaskAsync();
        ChangeSpec(h);

        await h.ReconcileAsync();

        var status = h.Task().Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.ObservedGeneration, Is.EqualTo(2));
            Assert.That(status.Conditions!.Select(c => c.ObservedGeneration), Is.All.EqualTo(2));
        });
    }

    [Test]
    public async Task AChangedSpecOfARunningTaskIsIgnoredWithAWarning()
    {
        var h = new ReconcilerHarness();
        var task = Task();
        task.Metadata.Generation = 1;
        await h.DispatchAsync(task);
        h.SetPod("t1", p => { p.Status.Phase = "Running"; p.WithTask(Running()); });
        await h.ReconcileAsync();
        ChangeSpec(h);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Cluster.CreatedJobs, Has.Count.EqualTo(1));
            Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Does.Contain(StartedSpecChange.Reason));
            Assert.That(h.Task().Status!.ObservedGeneration, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AChangeBeforeTheJobExistsIsTakenWithoutAWarning()
    {
        var h = new ReconcilerHarness(new OperatorOptions { Namespace = Namespace, MaxConcurrentTasks = 1 });
        var first = Task("t0");
        h.Add(first);
        await h.ReconcileAsync("t0");
        var queued = Task();
        queued.Metadata.Generation = 1;
        await h.DispatchAsync(queued);
        ChangeSpec(h);

        await h.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task().Status!.Phase, Is.EqualTo(AgentTaskPhase.Queued));
            Assert.That(h.Cluster.Events.Select(e => e.Event.Reason), Does.Not.Contain(StartedSpecChange.Reason));
        });
    }
}
