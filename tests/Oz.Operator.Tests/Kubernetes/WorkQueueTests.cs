using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    [Test]
    public void AKeyAddedManyTimesIsQueuedOnce()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.That(queue.Length, Is.EqualTo(2));
    }

    [Test]
    public async Task KeysAreHandedOutInOrderOfFirstAdd()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        var first = await queue.GetAsync(CancellationToken.None);
        var second = await queue.GetAsync(CancellationToken.None);

        Assert.That((first.Key, second.Key), Is.EqualTo(("a", "b")));
    }

    [Test]
    public async Task AKeyBeingProcessedIsNotHandedOutAgainBeforeDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(CancellationToken.None);

        queue.Add("a");
        var second = queue.GetAsync(CancellationToken.None);
        var finished = await Task.WhenAny(second, Task.Delay(Short));

        Assert.That(finished, Is.Not.SameAs(second), "the key must wait for Done");
        Assert.That(queue.Length, Is.Zero);
        queue.Done(key);
        Assert.That((await Eventually.Within(second, "the re-added key")).Key, Is.EqualTo("a"));
    }

    [Test]
    public async Task AKeyAddedWhileProcessingIsQueuedOnceAfterDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(CancellationToken.None);
        queue.Add("a");
        queue.Add("a");

        queue.Done(key);

        Assert.That(queue.Length, Is.EqualTo(1));
    }

    [Test]
    public async Task AKeyNotAddedAgainIsGoneAfterDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(CancellationToken.None);

        queue.Done(key);

        Assert.That(queue.Length, Is.Zero);
    }

    [Test]
    public async Task ConcurrentWorkersNeverProcessOneKeyAtOnceAndMissNoAdd()
    {
        using var queue = new WorkQueue<int>();
        using var stop = new CancellationTokenSource();
        var inFlight = new ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var lastAdd = new ConcurrentDictionary<int, long>();
        var lastProcessedStart = new ConcurrentDictionary<int, long>();
        long clock = 0;

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shuttingDown) = await queue.GetAsync(stop.Token);
                if (shuttingDown)
                {
                    return;
                }

                if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                lastProcessedStart[key] = Interlocked.Increment(ref clock);
                await Task.Yield();
                inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
                queue.Done(key);
            }
        })).ToList();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var key = (i + p) % 5;
                lastAdd[key] = Interlocked.Increment(ref clock);
                queue.Add(key);
                if (i % 50 == 0)
                {
                    await Task.Yield();
                }
            }
        })).ToList();
        await Task.WhenAll(producers);

        // Every key must be processed (started) after its last add: no add is lost.
        await Eventually.Until(
            () => lastAdd.All(a => lastProcessedStart.TryGetValue(a.Key, out var s) && s > a.Value) && queue.Length == 0,
            "every key processed after its last add");
        queue.ShutDown();
        await Eventually.Within(Task.WhenAll(workers), "workers to exit");

        Assert.That(overlaps, Is.Zero);
    }

    [Test]
    public async Task DelayedKeysArriveInOrderOfReadyTime()
    {
        using var queue = new WorkQueue<string>();
        queue.AddAfter("late", TimeSpan.FromMilliseconds(300));
        queue.AddAfter("early", TimeSpan.FromMilliseconds(50));

        var first = await Eventually.Within(queue.GetAsync(CancellationToken.None), "first delayed key");
        var second = await Eventually.Within(queue.GetAsync(CancellationToken.None), "second delayed key");

        Assert.That((first.Key, second.Key), Is.EqualTo(("early", "late")));
    }

    [Test]
    public async Task ADelayedKeyIsNotHandedOutBeforeItsTime()
    {
        using var queue = new WorkQueue<string>();
        var watch = Stopwatch.StartNew();
        queue.AddAfter("a", TimeSpan.FromMilliseconds(200));

        Assert.That(queue.Length, Is.Zero);
        Assert.That(queue.DelayedLength, Is.EqualTo(1));
        await Eventually.Within(queue.GetAsync(CancellationToken.None), "the delayed key");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(190)));
    }

    [TestCase(50, 5000, TestName = "EarlierDelayAddedSecondWins")]
    [TestCase(5000, 50, TestName = "EarlierDelayAddedFirstWins")]
    public async Task TheEarliestOfTwoDelaysWins(int firstMs, int secondMs)
    {
        using var queue = new WorkQueue<string>();
        queue.AddAfter("a", TimeSpan.FromMilliseconds(firstMs));
        queue.AddAfter("a", TimeSpan.FromMilliseconds(secondMs));

        var got = await Eventually.Within(queue.GetAsync(CancellationToken.None), "the key at the earlier time", TimeSpan.FromSeconds(2));

        Assert.That(got.Key, Is.EqualTo("a"));
        Assert.That(queue.DelayedLength, Is.Zero, "the later time is dropped, not delivered again");
    }

    [Test]
    public async Task AddRateLimitedDelaysByTheKeysBackoff()
    {
        var limiter = new ExponentialRateLimiter<string>(new JitteredBackoff(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10), Jitter: 0));
        using var queue = new WorkQueue<string>(limiter);
        var watch = Stopwatch.StartNew();

        queue.AddRateLimited("a");

        Assert.That(queue.Length, Is.Zero);
        await Eventually.Within(queue.GetAsync(CancellationToken.None), "the rate-limited key");
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140)));
        Assert.That(queue.NumRequeues("a"), Is.EqualTo(1));
    }

    [Test]
    public async Task ShutDownReleasesEveryWaitingWorker()
    {
        using var queue = new WorkQueue<string>();
        var waiting = Enumerable.Range(0, 3).Select(_ => queue.GetAsync(CancellationToken.None)).ToList();

        queue.ShutDown();

        var results = await Eventually.Within(Task.WhenAll(waiting), "waiting workers to be released");
        Assert.That(results.Select(r => r.ShuttingDown), Is.All.True);
    }

    [Test]
    public async Task ShutDownStillHandsOutQueuedKeysThenStops()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.AddAfter("delayed", TimeSpan.FromMilliseconds(10));

        queue.ShutDown();
        queue.Add("c");

        var drained = new List<string>();
        while (await queue.GetAsync(CancellationToken.None) is (var key, false))
        {
            drained.Add(key);
        }

        Assert.That(drained, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void GetAsyncStopsWaitingWhenCancelled()
    {
        using var queue = new WorkQueue<string>();
        using var cancel = new CancellationTokenSource(Short);

        Assert.That(async () => await queue.GetAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
