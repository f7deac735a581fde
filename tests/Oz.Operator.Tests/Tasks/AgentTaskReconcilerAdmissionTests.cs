using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>The concurrency limit: which tasks get a slot, in what order, and what frees one.</summary>
public sealed class AgentTaskReconcilerAdmissionTests
{
    [Test]
    public async Task TasksBeyondTheLimitStayQueuedWithoutAJob()
    {
        var h = await ReconcilerHarness.OneSlotHeldByAWithBQueuedAsync();

        Assert.Multiple(() =>
        {
            Assert.That(h.Task("b").Status!.Phase, Is.EqualTo(AgentTaskPhase.Queued));
            Assert.That(h.JobOf("b"), Is.Null);
        });
    }

    [Test]
    public async Task WithALimitADispatchReadsTheUnfinishedTasksIndexNotAListOfAllTasks()
    {
        var h = ReconcilerHarness.OneSlot();
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
        var h = ReconcilerHarness.OneSlot();
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
        var h = ReconcilerHarness.OneSlot();
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
        var h = await ReconcilerHarness.OneSlotHeldByAWithBQueuedAsync();
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
}
