using System.Collections.Concurrent;

namespace Oz.KubeSim.Store;

/// <summary>
/// The simulator's etcd: every object of every resource, one global monotonic resource version,
/// bounded per-resource history for resuming watches. Writes are serialized by one lock (as etcd
/// serializes revisions); gets are lock-free; lists copy references under the lock so the list's
/// resource version is exact.
/// </summary>
public sealed class ObjectStore(int historyLimit = 20000, int watcherCapacity = 20000)
{
    private readonly ConcurrentDictionary<string, ResourceTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private long _revision = 1;

    /// <summary>The lock every write holds; callers use <see cref="Write{T}"/>.</summary>
    internal object Gate { get; } = new();

    public long CurrentRevision => Interlocked.Read(ref _revision);

    /// <summary>Runs a read-modify-write atomically.</summary>
    public T Write<T>(Func<ObjectStore, T> body)
    {
        lock (Gate)
        {
            return body(this);
        }
    }

    public StoredObject? Get(ResourceType type, string ns, string name)
    {
        var table = TableOrNull(type);
        return table is not null && table.ByKey.TryGetValue(Key(type, ns, name), out var obj) ? obj : null;
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (Gate)
        {
            return _byUid.TryGetValue(uid, out var obj) ? obj : null;
        }
    }

    /// <summary>UIDs of objects whose ownerReferences name the given owner.</summary>
    public IReadOnlyList<StoredObject> Dependents(string ownerUid)
    {
        lock (Gate)
        {
            return _dependents.TryGetValue(ownerUid, out var uids)
                ? [.. uids.Select(u => _byUid.GetValueOrDefault(u)).OfType<StoredObject>()]
                : [];
        }
    }

    /// <summary>A consistent snapshot of a namespace (or all namespaces when null) and its revision.</summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(ResourceType type, string? ns)
    {
        lock (Gate)
        {
            var table = Table(type);
            List<StoredObject> items;
            if (ns is not null)
            {
                items = table.ByNamespace.TryGetValue(type.Namespaced ? ns : "", out var names) ? [.. names.Values] : [];
            }
            else
            {
                items = [.. table.ByKey.Values];
            }

            items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return (items, _revision);
        }
    }

    /// <summary>
    /// Every object of a resource as it was at <paramref name="revision"/> (null: now), in key order,
    /// with the revision read: what etcd serves for a read at a revision. Null when the history no
    /// longer reaches back to that revision (compacted: 410 Expired).
    /// </summary>
    public (IReadOnlyList<StoredObject> Items, long Revision)? Snapshot(ResourceType type, long? revision)
    {
        lock (Gate)
        {
            var table = Table(type);
            var now = table.SortedByKey();
            if (revision is null || revision.Value >= _revision)
            {
                return (now, _revision);
            }

            if (revision.Value < table.CompactedRevision)
            {
                return null;
            }

            // The first change after the revision says what the key held then: nothing before an
            // ADDED, the previous version before a MODIFIED or a DELETED.
            var then = new Dictionary<string, StoredObject?>(StringComparer.Ordinal);
            foreach (var evt in table.History.Where(e => e.ResourceVersion > revision.Value && e.Object is not null))
            {
                then.TryAdd(evt.Object!.Key, evt.Type == WatchEventType.Added ? null : evt.Previous);
            }

            if (then.Count == 0)
            {
                return (now, revision.Value);
            }

            var items = now.Where(o => !then.ContainsKey(o.Key)).Concat(then.Values.OfType<StoredObject>()).ToList();
            items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return (items, revision.Value);
        }
    }

    public int Count(ResourceType type) => TableOrNull(type)?.ByKey.Count ?? 0;

    /// <summary>Stores a new version of an object (create or update). Must be called inside <see cref="Write{T}"/>.</summary>
    public StoredObject Put(ResourceType type, JsonObject obj)
    {
        var table = Table(type);
        var revision = ++_revision;
        var stored = StoredObject.Create(type, obj, revision);
        table.ByKey.TryGetValue(stored.Key, out var previous);
        table.Put(stored);
        if (previous is not null)
        {
            Unindex(previous);
        }

        Index(stored);
        table.Record(new WatchEvent(previous is null ? WatchEventType.Added : WatchEventType.Modified, revision, stored) { Previous = previous });
        return stored;
    }

    /// <summary>Removes an object; its final state is what DELETED watchers see. Call inside <see cref="Write{T}"/>.</summary>
    public StoredObject Remove(ResourceType type, JsonObject finalState)
    {
        var table = Table(type);
        var revision = ++_revision;
        var stored = StoredObject.Create(type, finalState, revision);
        if (table.ByKey.TryGetValue(stored.Key, out var previous))
        {
            table.Remove(previous);
            Unindex(previous);
        }

        table.Record(new WatchEvent(WatchEventType.Deleted, revision, stored) { Previous = previous });
        return stored;
    }

    /// <summary>Opens a watch: from now (with synthetic ADDED events when <paramref name="sinceRevision"/> is null) or replaying history after a revision.</summary>
    /// <remarks>An <c>unbounded</c> watch is a controller's: never dropped for lagging, by faults or by restarts.</remarks>
    /// <returns>The watcher, or null when the revision is compacted (410 Gone).</returns>
    public Watcher? Watch(ResourceType type, string? ns, Func<StoredObject, bool> matches, long? sinceRevision, bool bookmarks, bool unbounded = false)
    {
        lock (Gate)
        {
            var table = Table(type);
            var watcher = new Watcher(type, ns, matches, bookmarks, unbounded ? 0 : watcherCapacity) { InProcess = unbounded };
            if (sinceRevision is null)
            {
                var initial = new List<WatchEvent>();
                IEnumerable<StoredObject> items = ns is null ? table.ByKey.Values
                    : table.ByNamespace.TryGetValue(type.Namespaced ? ns : "", out var names) ? names.Values : [];
                foreach (var obj in items.Where(matches).OrderBy(o => o.ResourceVersion))
                {
                    initial.Add(new WatchEvent(WatchEventType.Added, obj.ResourceVersion, obj));
                }

                watcher.Initial = initial;
            }
            else
            {
                if (sinceRevision.Value < table.CompactedRevision)
                {
                    return null;
                }

                watcher.Initial = [.. table.History.Where(e => e.ResourceVersion > sinceRevision.Value)
                    .Select(e => ResourceTable.Filter(watcher, e)).OfType<WatchEvent>()];
            }

            table.Watchers.Add(watcher);
            return watcher;
        }
    }

    public long CompactedRevision(ResourceType type)
    {
        lock (Gate)
        {
            return Table(type).CompactedRevision;
        }
    }

    /// <summary>Forgets all history: every watch resumed from an older revision gets 410 Gone.</summary>
    public void Compact()
    {
        lock (Gate)
        {
            foreach (var table in _tables.Values)
            {
                table.Compact(_revision);
            }
        }
    }

    /// <summary>Ends every open watch stream (clients see the stream close and must resume).</summary>
    public int CloseAllWatchers(Func<Watcher, bool>? which = null)
    {
        lock (Gate)
        {
            var closed = 0;
            foreach (var table in _tables.Values)
            {
                foreach (var watcher in table.Watchers.Where(w => which is null || which(w)))
                {
                    watcher.Close();
                    closed++;
                }

                table.Watchers.RemoveAll(w => w.Closed);
            }

            return closed;
        }
    }

    /// <summary>Ends every API client's watch stream; the simulator's in-process controller watches stay open.</summary>
    public int CloseApiWatchers() => CloseAllWatchers(static w => !w.InProcess);

    /// <summary>Queues a BOOKMARK at the current revision to every watcher that asked for bookmarks.</summary>
    public void SendBookmarks(Func<Watcher, long, WatchEvent> bookmark)
    {
        lock (Gate)
        {
            foreach (var watcher in _tables.Values.SelectMany(t => t.Watchers).Where(w => w.Bookmarks && !w.Closed))
            {
                watcher.Offer(bookmark(watcher, _revision));
            }
        }
    }

    public void Close(Watcher watcher)
    {
        lock (Gate)
        {
            watcher.Close();
            Table(watcher.Type).Watchers.Remove(watcher);
        }
    }

    private ResourceTable Table(ResourceType type) =>
        _tables.GetOrAdd(type.TableKey, key => new ResourceTable(key, historyLimit));

    private ResourceTable? TableOrNull(ResourceType type) => _tables.GetValueOrDefault(type.TableKey);

    private void Index(StoredObject obj)
    {
        if (obj.Uid.Length == 0)
        {
            return;
        }

        _byUid[obj.Uid] = obj;
        foreach (var owner in obj.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                _dependents[owner] = set;
            }

            set.Add(obj.Uid);
        }
    }

    private void Unindex(StoredObject obj)
    {
        if (obj.Uid.Length == 0)
        {
            return;
        }

        _byUid.Remove(obj.Uid);
        foreach (var owner in obj.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var set))
            {
                set.Remove(obj.Uid);
                if (set.Count == 0)
                {
                    _dependents.Remove(owner);
                }
            }
        }
    }

    private static string Key(ResourceType type, string ns, string name) => type.Namespaced ? $"{ns}/{name}" : name;
}
