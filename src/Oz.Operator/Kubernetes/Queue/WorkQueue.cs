namespace Oz.Operator.Kubernetes.Queue;

/// <summary>
/// A work queue with client-go semantics. A key is queued at most once however often it is added;
/// a key handed out by <see cref="GetAsync"/> is not handed out again until <see cref="Done"/>, so
/// two workers never process one key at once; a key added while it is being processed is marked
/// dirty and queued again by <see cref="Done"/>. Delayed adds (<see cref="AddAfter"/>) share one
/// timer, the earliest requested time winning; <see cref="AddRateLimited"/> delays by the key's
/// failure count.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock sync = new();
    private readonly Queue<TKey> queue = new();

    // Keys that need processing: queued ones, and processing ones added again meanwhile.
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];

    // Delayed adds: the time each key becomes ready (earliest wins) and a heap of those times.
    // The heap may hold stale entries for keys whose time moved earlier; they are skipped on pop.
    private readonly Dictionary<TKey, DateTimeOffset> waitingReadyAt = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> waiting = new();

    // Wakes waiting workers; counts are not exact, workers re-check the queue after waking.
    private readonly SemaphoreSlim available = new(0);
    private readonly ExponentialRateLimiter<TKey> rateLimiter;
    private readonly TimeProvider time;
    private readonly ITimer timer;
    private bool shuttingDown;

    public WorkQueue(ExponentialRateLimiter<TKey>? rateLimiter = null, TimeProvider? timeProvider = null)
    {
        this.rateLimiter = rateLimiter ?? new ExponentialRateLimiter<TKey>();
        time = timeProvider ?? TimeProvider.System;
        timer = time.CreateTimer(_ => PromoteReady(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys waiting to be handed out (not counting delayed or processing ones): queue depth.</summary>
    public int Length
    {
        get
        {
            lock (sync)
            {
                return queue.Count;
            }
        }
    }

    /// <summary>Keys scheduled by <see cref="AddAfter"/> or <see cref="AddRateLimited"/> and not yet due.</summary>
    public int DelayedLength
    {
        get
        {
            lock (sync)
            {
                return waitingReadyAt.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (sync)
            {
                return shuttingDown;
            }
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already queued; ignored after shutdown.</summary>
    public void Add(TKey key)
    {
        lock (sync)
        {
            AddLocked(key);
        }
    }

    /// <summary>
    /// Queues <paramref name="key"/> after <paramref name="delay"/>. If the key is already waiting,
    /// the earlier of the two times is kept.
    /// </summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (sync)
        {
            if (shuttingDown)
            {
                return;
            }

            var readyAt = time.GetUtcNow() + delay;
            if (waitingReadyAt.TryGetValue(key, out var existing) && existing <= readyAt)
            {
                return;
            }

            waitingReadyAt[key] = readyAt;
            waiting.Enqueue(key, readyAt);
            RescheduleTimerLocked();
        }
    }

    /// <summary>Queues <paramref name="key"/> after a backoff that grows with each call until <see cref="Forget"/>.</summary>
    public void AddRateLimited(TKey key) => AddAfter(key, rateLimiter.When(key));

    /// <summary>Resets the backoff of <paramref name="key"/> (call after a success).</summary>
    public void Forget(TKey key) => rateLimiter.Forget(key);

    /// <summary>Failures of <paramref name="key"/> since its last <see cref="Forget"/>.</summary>
    public int NumRequeues(TKey key) => rateLimiter.NumRequeues(key);

    /// <summary>
    /// Waits for a key and marks it processing. Returns <c>ShuttingDown = true</c> once the queue is
    /// shut down and empty. The caller must call <see cref="Done"/> with the key when finished.
    /// </summary>
    public async Task<(TKey Key, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (sync)
            {
                if (queue.TryDequeue(out var key))
                {
                    processing.Add(key);
                    dirty.Remove(key);
                    return (key, false);
                }

                if (shuttingDown)
                {
                    // Pass the wake-up on so every waiting worker sees the shutdown.
                    available.Release();
                    return (default!, true);
                }
            }

            await available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends processing of <paramref name="key"/>. If it was added meanwhile it is queued again now,
    /// which is what keeps one key on one worker at a time without losing the later change.
    /// </summary>
    public void Done(TKey key)
    {
        lock (sync)
        {
            processing.Remove(key);
            if (dirty.Contains(key))
            {
                queue.Enqueue(key);
                available.Release();
            }
        }
    }

    /// <summary>
    /// Stops accepting keys and drops delayed ones. Keys already queued are still handed out; after
    /// them <see cref="GetAsync"/> returns <c>ShuttingDown</c>, so idle workers are released at once.
    /// </summary>
    public void ShutDown()
    {
        lock (sync)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            waiting.Clear();
            waitingReadyAt.Clear();
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            available.Release();
        }
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
    }

    private void AddLocked(TKey key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return;
        }

        // A processing key stays only dirty; Done queues it again.
        if (!processing.Contains(key))
        {
            queue.Enqueue(key);
            available.Release();
        }
    }

    private void PromoteReady()
    {
        lock (sync)
        {
            var now = time.GetUtcNow();
            while (waiting.TryPeek(out var key, out var readyAt) && readyAt <= now)
            {
                waiting.Dequeue();
                if (waitingReadyAt.TryGetValue(key, out var current) && current == readyAt)
                {
                    waitingReadyAt.Remove(key);
                    AddLocked(key);
                }
            }

            RescheduleTimerLocked();
        }
    }

    private void RescheduleTimerLocked()
    {
        if (shuttingDown)
        {
            return;
        }

        // Drop stale heap heads so the timer is armed for a real key.
        while (waiting.TryPeek(out var key, out var readyAt)
               && (!waitingReadyAt.TryGetValue(key, out var current) || current != readyAt))
        {
            waiting.Dequeue();
        }

        if (!waiting.TryPeek(out _, out var next))
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = next - time.GetUtcNow();
        timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
