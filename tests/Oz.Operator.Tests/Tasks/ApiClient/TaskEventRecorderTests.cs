using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

/// <summary>Events are written in the background, bounded, and never for a leadership term that ended.</summary>
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
        RecordStarting(recorder, "a", CancellationToken.None);
        await Eventually.Until(() => cluster.EventWritesStarted > 0, "the sender to take the first Event");
        for (var name = 'b'; name <= 'd'; name++)
        {
            RecordStarting(recorder, name.ToString(), CancellationToken.None, "x");
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

        RecordStarting(recorder, "a", CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);
        cluster.RejectEvents = false;
        RecordStarting(recorder, "b", CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(recorder.Dropped, Is.EqualTo(1));
            Assert.That(cluster.Events.Select(e => e.Task), Is.EqualTo(new[] { "b" }));
        });
    }

    // ---- a replica whose leadership term ended writes no Event of that term

    [Test]
    public async Task EventsQueuedInATermThatEndedAreNotWritten()
    {
        var cluster = new FakeTaskCluster { EventGate = new TaskCompletionSource() };
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 1);
        using var term = new CancellationTokenSource();

        RecordStarting(recorder, "a", term.Token);
        RecordStarting(recorder, "b", term.Token);
        await term.CancelAsync();
        cluster.EventGate.SetResult();
        await recorder.WhenIdleAsync().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Events, Is.Empty, "the write in flight is cancelled and the queued one dropped");
            Assert.That(recorder.Dropped, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AnEventOfAnEndedTermDoesNotHoldUpTheNextTermsEvents()
    {
        var cluster = new FakeTaskCluster();
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 1);
        using var ended = new CancellationTokenSource();
        await ended.CancelAsync();

        RecordStarting(recorder, "old", ended.Token);
        RecordStarting(recorder, "new", CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);

        Assert.That(cluster.Events.Select(e => e.Task), Is.EqualTo(new[] { "new" }));
    }

    /// <summary>Records a Normal "Starting" transition of task <paramref name="name"/> (its message, <paramref name="message"/> or the name).</summary>
    private static void RecordStarting(TaskEventRecorder recorder, string name, CancellationToken term, string? message = null) =>
        recorder.Record(Task(name), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", message ?? name), term);
}
