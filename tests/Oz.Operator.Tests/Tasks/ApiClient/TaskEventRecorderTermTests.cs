using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

/// <summary>A replica whose leadership term ended writes no Event of that term.</summary>
public sealed class TaskEventRecorderTermTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task EventsQueuedInATermThatEndedAreNotWritten()
    {
        var cluster = new FakeTaskCluster { EventGate = new TaskCompletionSource() };
        var recorder = new TaskEventRecorder(cluster, NullLogger.Instance, senders: 1);
        using var term = new CancellationTokenSource();

        recorder.Record(Task("a"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "a"), term.Token);
        recorder.Record(Task("b"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "b"), term.Token);
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

        recorder.Record(Task("old"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "old"), ended.Token);
        recorder.Record(Task("new"), new TaskEvent(TaskEvent.Normal, "Starting", "Transition", "new"), CancellationToken.None);
        await recorder.WhenIdleAsync().WaitAsync(Timeout);

        Assert.That(cluster.Events.Select(e => e.Task), Is.EqualTo(new[] { "new" }));
    }
}
