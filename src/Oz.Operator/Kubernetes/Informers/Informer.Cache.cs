using k8s;

namespace Oz.Operator.Kubernetes.Informers;

// The cache and its handlers: a list replaces the cache, a watch event updates it, a resync replays
// it; each change is handed to every handler, one at a time, under the dispatch lock.
public sealed partial class Informer<T>
{
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
                Prepare(item);
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
        LargeListMemory.ReleaseAfter(list.Items.Count);
        MarkHealthy();
        synced.TrySetResult();
        logger.LogDebug("Informer {Informer}: listed {Count} objects at {ResourceVersion}", Name, list.Items.Count, list.ResourceVersion);
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

            Prepare(obj);
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

    // What enters the cache, as client-go's informer transform: managedFields dropped (no reader uses
    // them, and they are a large share of an object: every field each manager set, per manager; as
    // controller-runtime's default cache transform does), the repeating strings shared, then whatever
    // else of this resource no reader uses dropped (InformerOptions.Transform). A cached object lives
    // long enough to be promoted, so every byte it keeps is paid again in each GC generation it passes.
    private void Prepare(T obj)
    {
        obj.Metadata.ManagedFields = null;
        PooledStrings.InObject(obj, options.Strings);
        options.Transform?.Invoke(obj, options.Strings);
    }

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
}
