using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// One shared list-then-watch of one resource, feeding an <see cref="ObjectCache{T}"/> and the
/// registered handlers. Lists once, then watches from the list's resourceVersion; when the server
/// ends a stream it resumes from the last resourceVersion seen (events and bookmarks advance it);
/// on 410 Gone it relists and turns the difference into synthetic add/update/delete events; an
/// undecodable event is skipped (counted, one Warning naming the object) and stepped past, relisting
/// when the object is named; on any other failure it retries after a jittered exponential backoff.
/// A slow periodic resync hands every cached object to the handlers again, as a safety net for
/// anything a handler dropped.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListerWatcher<T> listerWatcher;
    private readonly InformerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ObjectCache<T> cache;
    private readonly List<IResourceEventHandler<T>> handlers = [];

    // Serialises cache writes + handler calls of the watch loop and the resync loop, so handlers
    // see one event at a time, in order.
    private readonly SemaphoreSlim dispatch = new(1, 1);
    private const int MaxWarnedUndecodable = 1000;

    private readonly HashSet<string> warnedUndecodable = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? resourceVersion;
    private long failingSinceUtcTicks;
    private long watchRestarts;
    private long skippedEvents;
    private int consecutiveFailures;
    private int started;

    public Informer(IListerWatcher<T> listerWatcher, InformerOptions options, ILogger<Informer<T>> logger, TimeProvider? timeProvider = null)
    {
        this.listerWatcher = listerWatcher;
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        cache = new ObjectCache<T>(options.IndexedLabels, options.Indexers);
    }

    /// <summary>Raised each time a new watch stream is opened after the first (for metrics).</summary>
    public event Action<WatchRestartReason>? WatchRestarted;

    public string Name => options.Name;

    public IObjectCache<T> Cache => cache;

    public bool HasSynced => cache.HasSynced;

    /// <summary>The resourceVersion the next watch would start from; null before a list or after 410 Gone.</summary>
    public string? ResourceVersion => resourceVersion;

    public DateTimeOffset? FailingSince
    {
        get
        {
            var ticks = Interlocked.Read(ref failingSinceUtcTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public long WatchRestarts => Interlocked.Read(ref watchRestarts);

    /// <summary>Watch events skipped because they did not decode (see <see cref="UndecodableWatchEventException"/>).</summary>
    public long SkippedEvents => Interlocked.Read(ref skippedEvents);

    /// <summary>Registers a handler; only before <see cref="RunAsync"/>, so no handler misses the initial list.</summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        if (Volatile.Read(ref started) != 0)
        {
            throw new InvalidOperationException($"Informer {Name}: handlers must be added before it starts.");
        }

        handlers.Add(handler);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled. Runs once per informer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException($"Informer {Name} is already running.");
        }

        var resync = ResyncLoopAsync(cancellationToken);
        try
        {
            await ListAndWatchLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await resync.ConfigureAwait(false);
        }
    }

    private async Task ListAndWatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                }

                var openedAt = time.GetTimestamp();
                var events = await WatchAsync(cancellationToken).ConfigureAwait(false);
                if (events == 0 && time.GetElapsedTime(openedAt) < options.MinHealthyWatchDuration)
                {
                    await FailAsync(null, "ended at once without an event", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                consecutiveFailures = 0;
                MarkHealthy();
                logger.LogDebug("Informer {Informer}: watch ended after {Events} events, resuming from {ResourceVersion}", Name, events, resourceVersion);
                Restarted(WatchRestartReason.StreamEnded);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (WatchErrors.IsGone(ex))
            {
                logger.LogInformation("Informer {Informer}: resourceVersion {ResourceVersion} expired (410 Gone), relisting", Name, resourceVersion);
                resourceVersion = null;
                Restarted(WatchRestartReason.Expired);

                // A relist is the normal answer to 410, but expiring again before any event means
                // something is wrong: back off instead of relisting in a tight loop.
                if (++consecutiveFailures > 1)
                {
                    MarkFailing();
                    await DelayAsync(options.Backoff.Delay(consecutiveFailures - 1), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (UndecodableWatchEventException ex)
            {
                SkipUndecodable(ex);
            }
            catch (Exception ex)
            {
                await FailAsync(ex, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Resuming from the same resourceVersion would meet the same event again, forever. An event
    // about a known object means the cache missed a change of it: relist, which brings its current
    // state and a resourceVersion past the event. An event too broken to name its object but with a
    // readable resourceVersion is stepped over by resuming from that version.
    private void SkipUndecodable(UndecodableWatchEventException ex)
    {
        Interlocked.Increment(ref skippedEvents);
        var relist = ex.Name is not null || string.IsNullOrEmpty(ex.ResourceVersion);
        var subject = $"{ex.Kind ?? typeof(T).Name}:{ex.ObjectName}";
        bool first;
        lock (warnedUndecodable)
        {
            // Bounded: a flood of distinct broken objects must not grow memory; past the bound every one is logged.
            first = warnedUndecodable.Count >= MaxWarnedUndecodable || warnedUndecodable.Add(subject);
        }

        logger.Log(
            first ? LogLevel.Warning : LogLevel.Debug,
            ex.InnerException,
            "Informer {Informer}: skipped an undecodable watch event for {Kind} {Object} at resourceVersion {ResourceVersion}; {Next}",
            Name,
            ex.Kind ?? typeof(T).Name,
            ex.ObjectName,
            ex.ResourceVersion ?? "unknown",
            relist ? "relisting" : "resuming after it");
        resourceVersion = relist ? null : ex.ResourceVersion;
        Restarted(WatchRestartReason.UndecodableEvent);
    }

    private async Task FailAsync(Exception? exception, string what, CancellationToken cancellationToken)
    {
        MarkFailing();
        var delay = options.Backoff.Delay(++consecutiveFailures);
        logger.LogWarning(exception, "Informer {Informer}: list/watch failed ({Failure}); retry {Attempt} in {Delay}", Name, what, consecutiveFailures, delay);
        Restarted(WatchRestartReason.Error);
        await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await listerWatcher.ListAsync(options.LabelSelector, cancellationToken).ConfigureAwait(false);
        await dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Replace the cache with the list, telling handlers what changed since the last state
            // they saw: this is how deletions missed during a 410 gap become delete events.
            var listed = new HashSet<ObjectKey>();
            foreach (var item in list.Items.Where(i => i.Metadata?.Name is not null && Accepts(i)))
            {
                StripManagedFields(item);
                listed.Add(ObjectKey.Of(item));
                var old = cache.Upsert(item);
                if (old is null)
                {
                    Notify(h => h.OnAdd(item), "add", item);
                }
                else if (!string.Equals(old.Metadata.ResourceVersion, item.Metadata.ResourceVersion, StringComparison.Ordinal))
                {
                    Notify(h => h.OnUpdate(old, item), "update", item);
                }
            }

            foreach (var key in cache.Keys())
            {
                if (!listed.Contains(key) && cache.Remove(key) is { } gone)
                {
                    Notify(h => h.OnDelete(gone), "delete", gone);
                }
            }

            cache.MarkSynced();
        }
        finally
        {
            dispatch.Release();
        }

        resourceVersion = list.ResourceVersion;
        MarkHealthy();
        synced.TrySetResult();
        logger.LogDebug("Informer {Informer}: listed {Count} objects at {ResourceVersion}", Name, list.Items.Count, list.ResourceVersion);
    }

    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var minSeconds = (int)options.MinWatchTimeout.TotalSeconds;
        var maxSeconds = Math.Max(minSeconds, (int)options.MaxWatchTimeout.TotalSeconds);
        var request = new WatchRequest(resourceVersion!, options.LabelSelector, AllowBookmarks: true, Random.Shared.Next(minSeconds, maxSeconds + 1));
        var events = 0;
        await foreach (var (type, obj) in listerWatcher.WatchAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (type == WatchEventType.Error)
            {
                // Adapters turn ERROR events carrying a Status into exceptions; one without a
                // usable status is still a failed stream.
                throw new KubernetesException("watch ERROR event without a status");
            }

            if (++events == 1)
            {
                consecutiveFailures = 0;
                MarkHealthy();
            }

            if (obj?.Metadata is null)
            {
                continue;
            }

            if (type != WatchEventType.Bookmark && obj.Metadata.Name is not null)
            {
                await ApplyAsync(type, obj, cancellationToken).ConfigureAwait(false);
            }

            if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
            {
                resourceVersion = obj.Metadata.ResourceVersion;
            }
        }

        return events;
    }

    private async Task ApplyAsync(WatchEventType type, T obj, CancellationToken cancellationToken)
    {
        await dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (type == WatchEventType.Deleted)
            {
                var last = cache.Remove(ObjectKey.Of(obj));
                if (last is not null || Accepts(obj))
                {
                    Notify(h => h.OnDelete(obj), "delete", last ?? obj);
                }

                return;
            }

            if (!Accepts(obj))
            {
                // No longer ours (say, relabelled for another worker): gone as far as handlers know.
                if (cache.Remove(ObjectKey.Of(obj)) is { } gone)
                {
                    Notify(h => h.OnDelete(gone), "delete", gone);
                }

                return;
            }

            StripManagedFields(obj);
            var old = cache.Upsert(obj);
            if (old is null)
            {
                Notify(h => h.OnAdd(obj), "add", obj);
            }
            else
            {
                Notify(h => h.OnUpdate(old, obj), "update", obj);
            }
        }
        finally
        {
            dispatch.Release();
        }
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        if (options.ResyncPeriod <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ResyncPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!HasSynced)
                {
                    continue;
                }

                await dispatch.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    foreach (var obj in cache.List())
                    {
                        Notify(h => h.OnUpdate(obj, obj), "resync", obj);
                    }
                }
                finally
                {
                    dispatch.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    // No reader uses them, and they are a large share of a cached object (every field each manager
    // set, per manager): dropped before caching, as controller-runtime's default cache transform does.
    private static void StripManagedFields(T obj) => obj.Metadata.ManagedFields = null;

    private bool Accepts(T obj) => options.Accepts?.Invoke(obj) ?? true;

    private void Notify(Action<IResourceEventHandler<T>> call, string eventName, T obj)
    {
        foreach (var handler in handlers)
        {
            try
            {
                call(handler);
            }
            catch (Exception ex)
            {
                // A faulty handler must not stop the stream that every other handler depends on.
                logger.LogError(ex, "Informer {Informer}: handler failed on {Event} of {Key}", Name, eventName, ObjectKey.Of(obj));
            }
        }
    }

    private void Restarted(WatchRestartReason reason)
    {
        Interlocked.Increment(ref watchRestarts);
        try
        {
            WatchRestarted?.Invoke(reason);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Informer {Informer}: watch-restart listener failed", Name);
        }
    }

    private void MarkFailing() =>
        Interlocked.CompareExchange(ref failingSinceUtcTicks, time.GetUtcNow().UtcTicks, 0);

    private void MarkHealthy() => Interlocked.Exchange(ref failingSinceUtcTicks, 0);

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the loop condition ends the run.
        }
    }
}
