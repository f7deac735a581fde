using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

public sealed class TaskEventRecorderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RecordReturnsBeforeTheEventIsWrittenAndTheEventIsWrittenLater()
    {
        var cluster = new FakeTaskCluster { EventGate = new TaskCompletionSource() };
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance);

        recorder.Record(Task(), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "Job created"), CancellationToken.None);
        Assert.That(cluster.Events, Is.Empty);

        cluster.EventGate.SetResult();
        await recorder.WhenIdleAsync().WaitAsync(Timeout);
        Assert.That(cluster.Events.Select(e => e.Event.Reason), Is.EqualTo(new[] { "Starting" }));
    }

    [Test]
    public async Task EveryEventRecordedIsWrittenWhateverTheNumberOfSenders()
    {
        var cluster = new FakeTaskCluster();
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 3);

        for (var i = 0; i < 200; i++)
        {
            recorder.Record(Task($"t{i}"), new TaskEvent(TaskEvent.Normal, "Succeeded", "Transition", "done"), CancellationToken.None);
        }

        await recorder.WhenIdleAsync().WaitAsync(Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Events.Select(e => e.Task), Is.EquivalentTo(Enumerable.Range(0, 200).Select(i => $"t{i}")));
            Assert.That(recorder.Dropped, Is.Zero);
        });
    }

    [Test]
    public async Task EventsBeyondTheQueuesBoundAreDroppedAndCounted()
    {
        var cluster = new FakeTaskCluster { EventGate = new TaskCompletionSource() };
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 1, capacity: 2);

        // The one sender holds the first Event at the gate; two more fill the queue; the fourth has no room.
        recorder.Record(Task("a"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "a"), CancellationToken.None);
        await Eventually.Until(() => cluster.EventWritesStarted > 0, "the sender to take the first Event");
        for (var name = 'b'; name <= 'd'; name++)
        {
            recorder.Record(Task(name.ToString()), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "x"), CancellationToken.None);
        }

        cluster.EventGate.SetResult();
        await recorder.WhenIdleAsync().WaitAsync(Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Events.Select(e => e.Task), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(recorder.Dropped, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AnEventTheApiServerRefusesIsCountedAndDoesNotStopTheOthers()
    {
        var cluster = new FakeTaskCluster { RejectEvents = true };
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 1);

        recorder.Record(Task("a"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "a"), CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);
        cluster.RejectEvents = false;
        recorder.Record(Task("b"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "b"), CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Dropped, Is.EqualTo(1));
            Assert.That(cluster.Events.Select(e => e.Task), Is.EqualTo(new[] { "b" }));
        });
    }
}
