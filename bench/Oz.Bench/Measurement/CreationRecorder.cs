using System.Collections.Concurrent;
using System.Diagnostics;
using Oz.KubeSim.Store;

namespace Oz.Bench.Measurement;

/// <summary>
/// Records the moment each object of one resource is committed to the simulator's store, with
/// sub-millisecond precision: creationTimestamp has whole seconds only, and the request log does
/// not name the object of a create. It is a store watcher whose filter runs inside the store's
/// write lock at commit time; the filter takes nothing, so no event is ever queued.
/// </summary>
public sealed class CreationRecorder
{
    private readonly ConcurrentDictionary<string, Creation> byUid = new(StringComparer.Ordinal);

    public CreationRecorder(ObjectStore store, ResourceType type, string ns)
    {
        Watcher = store.Watch(type, ns, Record, sinceRevision: null, bookmarks: false, unbounded: true)!;
    }

    /// <summary>The store watcher (kept out of the API watch-stream count and never dropped).</summary>
    public Watcher Watcher { get; }

    /// <summary>Every object ever created, by uid.</summary>
    public IReadOnlyCollection<Creation> Creations => [.. byUid.Values];

    /// <summary>First creation moment by name (a name created twice keeps its first).</summary>
    public IReadOnlyDictionary<string, Creation> FirstByName() =>
        byUid.Values.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.MinBy(c => c.Ticks)!, StringComparer.Ordinal);

    /// <summary>Names that existed with more than one uid (created, deleted, created again).</summary>
    public IReadOnlyDictionary<string, int> CreatedMoreThanOnce() =>
        byUid.Values.GroupBy(c => c.Name).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private bool Record(StoredObject obj)
    {
        if (obj.Uid.Length > 0 && !byUid.ContainsKey(obj.Uid))
        {
            byUid.TryAdd(obj.Uid, new Creation(obj.Name, obj.Uid, Stopwatch.GetTimestamp()));
        }

        return false;
    }
}
