using Microsoft.Extensions.Time.Testing;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class ControllerTests : StoppedAtTearDown
{
    private static readonly InformerOptions InformerFast = new() { Name = "pods", ResyncPeriod = TimeSpan.Zero, MinHealthyWatchDuration = TimeSpan.Zero };

    private static Controller NewController(IReconciler reconciler, ControllerOptions? options = null) =>
        new(reconciler, options ?? new ControllerOptions { Workers = 2 }, NullLogger<Controller>.Instance);

    private Informer<V1Pod> NewInformer(FakeListerWatcher<V1Pod> api) =>
        new(api, InformerFast, NullLogger<Informer<V1Pod>>.Instance);

    [Test]
    public async Task AReconcileThatThrowsIsRetriedWithGrowingBackoffUntilItSucceeds()
    {
        var reconciler = new ScriptedReconciler(call => call <= 2 ? throw new InvalidOperationException("not yet") : ReconcileResult.Done);
        using var controller = NewController(reconciler, new ControllerOptions
        {
            Workers = 1,
            RetryBackoff = new JitteredBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), Jitter: 0),
        });
        _ = controller.RunAsync(Stop.Token);

        controller.Queue.Add(new ObjectKey("default", "a"));

        await Eventually.Until(() => reconciler.Calls.Count == 3, "three attempts");
        var times = reconciler.Calls.Select(c => c.At).ToList();
        Assert.That((times[1] - times[0]).TotalMilliseconds, Is.GreaterThanOrEqualTo(90));
        Assert.That((times[2] - times[1]).TotalMilliseconds, Is.GreaterThanOrEqualTo(190));
        await Eventually.Until(() => controller.Queue.NumRequeues(new ObjectKey("default", "a")) == 0, "backoff forgotten after success");
    }

    [Test]
    public async Task RequeueAfterBringsTheKeyBackAfterTheDelay()
    {
        var reconciler = new ScriptedReconciler(call => call == 1 ? ReconcileResult.After(TimeSpan.FromMilliseconds(200)) : ReconcileResult.Done);
        using var controller = NewController(reconciler);
        _ = controller.RunAsync(Stop.Token);

        controller.Queue.Add(new ObjectKey("default", "a"));

        await Eventually.Until(() => reconciler.Calls.Count == 2, "the requeued reconcile");
        var times = reconciler.Calls.Select(c => c.At).ToList();
        Assert.That((times[1] - times[0]).TotalMilliseconds, Is.GreaterThanOrEqualTo(190));
        Assert.That(controller.Queue.NumRequeues(new ObjectKey("default", "a")), Is.Zero, "a timer is not a failure");
    }

    [Test]
    public async Task DoneLeavesTheKeyAloneUntilTheNextChange()
    {
        var reconciler = new ScriptedReconciler(_ => ReconcileResult.Done);
        using var controller = NewController(reconciler);
        _ = controller.RunAsync(Stop.Token);

        var finished = new TaskCompletionSource<ReconcileOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        controller.Reconciled += (_, _, outcome) => finished.TrySetResult(outcome);

        controller.Queue.Add(new ObjectKey("default", "a"));

        // Reconciled is raised after the controller has applied the result to the queue: from then
        // on nothing is queued or timed for the key, so nothing can bring it back.
        Assert.That(await Eventually.Within(finished.Task, "the reconcile to finish"), Is.EqualTo(ReconcileOutcome.Done));
        Assert.That(reconciler.Calls, Has.Count.EqualTo(1));
        Assert.That(controller.Queue.DelayedLength + controller.Queue.Length, Is.Zero);
    }

    [Test]
    public async Task ChangesOfOwnedObjectsReconcileTheirOwnersKey()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.OwnedPod("job-1-abcde", "Job", "job-1"));
        var pods = NewInformer(api);
        var reconciler = new ScriptedReconciler(_ => ReconcileResult.Done);
        using var controller = NewController(reconciler);
        controller.Watch(pods, KeyMappers.ControllerOwner<V1Pod>("Job"));
        _ = pods.RunAsync(Stop.Token);
        _ = controller.RunAsync(Stop.Token);
        var watch = await api.NextWatchAsync();
        await Eventually.Until(() => !reconciler.Calls.IsEmpty, "the initial reconcile");

        watch.Send(k8s.WatchEventType.Added, TestObjects.OwnedPod("job-2-fghij", "Job", "job-2"));

        await Eventually.Until(() => reconciler.Calls.Any(c => c.Key.Name == "job-2"), "the owner of the new pod");
        Assert.That(reconciler.Calls.Select(c => c.Key).Distinct(), Is.EquivalentTo(new[] { new ObjectKey("default", "job-1"), new ObjectKey("default", "job-2") }));
    }

    [Test]
    public async Task WorkersStartOnlyOnceEveryInformerHasSynced()
    {
        var list = new TaskCompletionSource<ListResult<V1Pod>>();
        var api = new FakeListerWatcher<V1Pod>(_ => list.Task);
        var pods = NewInformer(api);
        var syncedAtEachCall = new ConcurrentQueue<bool>();
        var reconciler = new ScriptedReconciler((_, _) =>
        {
            syncedAtEachCall.Enqueue(pods.HasSynced);
            return Task.FromResult(ReconcileResult.Done);
        });
        using var controller = NewController(reconciler);
        controller.For(pods);
        _ = pods.RunAsync(Stop.Token);
        _ = controller.RunAsync(Stop.Token);

        controller.Queue.Add(new ObjectKey("default", "early"));
        await Eventually.Until(() => api.Lists == 1, "the informer's list request (held open)");
        Assert.That(controller.Queue.Length, Is.EqualTo(1), "the early key waits in the queue");

        list.SetResult(new ListResult<V1Pod>([TestObjects.Pod("a")], "10"));
        await Eventually.Until(() => reconciler.Calls.Count == 2, "reconciles after sync");
        Assert.That(reconciler.Calls.Select(c => c.Key.Name), Is.EquivalentTo(new[] { "early", "a" }));
        Assert.That(syncedAtEachCall, Is.All.True, "every reconcile ran after the informer had synced");
    }

    [Test]
    public async Task OneKeyIsNeverReconciledByTwoWorkersAtOnce()
    {
        var concurrent = new ConcurrentDictionary<ObjectKey, int>();
        var overlaps = 0;
        var reconciler = new ScriptedReconciler(async (key, _) =>
        {
            if (concurrent.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            // The pause is the behaviour under test: it holds the key long enough for another
            // worker to take it, were the queue to allow that.
            await Task.Delay(2);
            concurrent.AddOrUpdate(key, 0, (_, n) => n - 1);
            return ReconcileResult.Done;
        });
        using var controller = NewController(reconciler, new ControllerOptions { Workers = 8 });
        _ = controller.RunAsync(Stop.Token);

        for (var i = 0; i < 300; i++)
        {
            controller.Queue.Add(new ObjectKey("default", $"k{i % 3}"));
            if (i % 10 == 0)
            {
                // Part of the scenario: keys keep arriving while workers hold earlier ones.
                await Task.Delay(1);
            }
        }

        await Eventually.Until(() => controller.Queue.Length == 0 && concurrent.Values.All(v => v == 0), "queue drained");
        Assert.That(overlaps, Is.Zero);
        Assert.That(reconciler.Calls.Count, Is.GreaterThan(3));
    }

    [Test]
    public async Task CancellationStopsWithinTheShutdownTimeoutEvenIfAReconcileHangs()
    {
        var hang = new TaskCompletionSource<ReconcileResult>();
        var reconciler = new ScriptedReconciler((_, _) => hang.Task);
        var clock = new FakeTimeProvider();
        var shutdownTimeout = TimeSpan.FromMinutes(5);
        using var controller = new Controller(reconciler, new ControllerOptions { Workers = 1, ShutdownTimeout = shutdownTimeout }, NullLogger<Controller>.Instance, clock);
        var run = controller.RunAsync(Stop.Token);
        controller.Queue.Add(new ObjectKey("default", "a"));
        await Eventually.Until(() => reconciler.Calls.Count == 1, "the hanging reconcile");
        var cancelledAt = clock.GetUtcNow();

        await Stop.CancelAsync();

        // The controller waits on its own clock, which only this test moves: it stops once that clock
        // passes the shutdown timeout, though the reconcile never returns (and the real clock barely moves).
        await Eventually.Until(
            () =>
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                return run.IsCompleted;
            },
            "the controller to stop once its clock passes the shutdown timeout");
        Assert.That(clock.GetUtcNow() - cancelledAt, Is.GreaterThanOrEqualTo(shutdownTimeout));
        hang.SetResult(ReconcileResult.Done);
    }

    [Test]
    public async Task AReconcileInterruptedByCancellationLeavesItsKeyQueuedForTheNextRun()
    {
        var reconciler = new ScriptedReconciler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Done;
        });
        using var controller = NewController(reconciler, new ControllerOptions { Workers = 1 });
        var run = controller.RunAsync(Stop.Token);
        controller.Queue.Add(new ObjectKey("default", "a"));
        await Eventually.Until(() => reconciler.Calls.Count == 1, "the reconcile in flight");

        await Stop.CancelAsync();
        await Eventually.Within(run, "the controller to stop");

        Assert.That(controller.Queue.Length, Is.EqualTo(1));
    }

    [Test]
    public async Task ASecondRunAfterCancellationReconcilesWhatWasQueuedMeanwhile()
    {
        var reconciler = new ScriptedReconciler(_ => ReconcileResult.Done);
        using var controller = NewController(reconciler);
        using (var firstTerm = new CancellationTokenSource())
        {
            var first = controller.RunAsync(firstTerm.Token);
            controller.Queue.Add(new ObjectKey("default", "a"));
            await Eventually.Until(() => reconciler.Calls.Count == 1, "the first term's reconcile");
            await firstTerm.CancelAsync();
            await Eventually.Within(first, "the first term to end");
        }

        // The first run has returned, so its workers are gone: the key waits in the queue.
        controller.Queue.Add(new ObjectKey("default", "b"));
        Assert.That(controller.Queue.Length, Is.EqualTo(1), "nothing takes keys between terms");
        Assert.That(reconciler.Calls, Has.Count.EqualTo(1), "nothing runs between terms");

        _ = controller.RunAsync(Stop.Token);

        await Eventually.Until(() => reconciler.Calls.Any(c => c.Key.Name == "b"), "the second term's reconcile");
    }

    [Test]
    public async Task ReconciledReportsTheOutcomeOfEachReconcile()
    {
        var reconciler = new ScriptedReconciler(call => call switch
        {
            1 => throw new InvalidOperationException("boom"),
            2 => ReconcileResult.After(TimeSpan.FromMilliseconds(10)),
            _ => ReconcileResult.Done,
        });
        using var controller = NewController(reconciler, new ControllerOptions
        {
            Workers = 1,
            RetryBackoff = new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)),
        });
        var outcomes = new ConcurrentQueue<ReconcileOutcome>();
        controller.Reconciled += (_, _, outcome) => outcomes.Enqueue(outcome);
        _ = controller.RunAsync(Stop.Token);

        controller.Queue.Add(new ObjectKey("default", "a"));

        await Eventually.Until(() => outcomes.Count == 3, "three outcomes");
        Assert.That(outcomes, Is.EqualTo(new[] { ReconcileOutcome.Error, ReconcileOutcome.Requeued, ReconcileOutcome.Done }));
    }

    /// <summary>A reconciler answering from a script, recording each call's key and time.</summary>
    private sealed class ScriptedReconciler : IReconciler
    {
        private readonly Func<ObjectKey, CancellationToken, Task<ReconcileResult>> script;
        private int calls;

        public ScriptedReconciler(Func<int, ReconcileResult> byCallNumber)
        {
            script = (_, _) => Task.FromResult(byCallNumber(Volatile.Read(ref calls)));
        }

        public ScriptedReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> script)
        {
            this.script = script;
        }

        public ConcurrentQueue<(ObjectKey Key, DateTimeOffset At)> Calls { get; } = new();

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            Calls.Enqueue((key, DateTimeOffset.UtcNow));
            return script(key, cancellationToken);
        }
    }
}
