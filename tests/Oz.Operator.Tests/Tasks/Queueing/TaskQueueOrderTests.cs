using Oz.Operator.Tasks.Queueing;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Queueing;

public sealed class TaskQueueOrderTests
{
    [Test]
    public void WaitingTasksStartOldestFirstWithTheNameBreakingTies()
    {
        var running = Task("running", T0);
        var tasks = new[] { running, Task("b", T0.AddSeconds(5)), Task("a", T0.AddSeconds(5)), Task("z", T0.AddSeconds(1)) };

        var next = TaskQueueOrder.NextToStart(tasks, t => t == running, maxConcurrentTasks: 3);

        Assert.That(next.Select(k => k.Name), Is.EqualTo(new[] { "z", "a" }));
    }

    [Test]
    public void FinishedTasksDoNotHoldASlot()
    {
        var done = Task("done", T0);
        done.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded };
        var waiting = Task("waiting", T0.AddSeconds(1));

        Assert.That(TaskQueueOrder.MayStart(waiting, [done, waiting], t => t == done, maxConcurrentTasks: 1), Is.True);
    }

    [Test]
    public void ARunningTaskHoldsItsSlot()
    {
        var running = Task("running", T0);
        var waiting = Task("waiting", T0.AddSeconds(1));

        Assert.That(TaskQueueOrder.MayStart(waiting, [running, waiting], t => t == running, maxConcurrentTasks: 1), Is.False);
    }

    [Test]
    public void CancelledWaitingTasksDoNotTakeASlot()
    {
        var cancelled = Task("cancelled", T0);
        cancelled.Spec.Cancel = true;
        var waiting = Task("waiting", T0.AddSeconds(1));

        Assert.That(TaskQueueOrder.NextToStart([cancelled, waiting], _ => false, maxConcurrentTasks: 1), Is.EqualTo(new[] { new ObjectKey(Namespace, "waiting") }));
    }

    [Test]
    public void AnOlderTaskHeldAtTheStartGateDoesNotBlockAYoungerReadyOne()
    {
        var gated = Task("gated", T0);
        gated.Metadata.Annotations = new Dictionary<string, string> { [Oz.Crds.V1Alpha1.StartGate.Annotation] = Oz.Crds.V1Alpha1.StartGate.EnvSecret };
        var ready = Task("ready", T0.AddSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(TaskQueueOrder.MayStart(ready, [gated, ready], _ => false, maxConcurrentTasks: 1), Is.True);
            Assert.That(TaskQueueOrder.NextToStart([gated, ready], _ => false, maxConcurrentTasks: 1), Is.EqualTo(new[] { new ObjectKey(Namespace, "ready") }));
        });
    }

    [Test]
    public void ZeroMeansNoLimit()
    {
        var tasks = Enumerable.Range(0, 50).Select(i => Task("t" + i, T0)).ToList();

        Assert.That(tasks.All(t => TaskQueueOrder.MayStart(t, tasks, _ => true, maxConcurrentTasks: 0)), Is.True);
    }
}
