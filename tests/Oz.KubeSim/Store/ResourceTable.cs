using System.Collections.Concurrent;

namespace Oz.KubeSim.Store;

/// <summary>All objects of one group resource, indexed by key and by namespace, with recent history.</summary>
internal sealed class ResourceTable(string key, int historyLimit)
{
    private readonly Queue<WatchEvent> _history = new();
    private StoredObject[]? _sortedByKey;

    public string Key { get; } = key;

    public ConcurrentDictionary<string, StoredObject> ByKey { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Dictionary<string, StoredObject>> ByNamespace { get; } = new(StringComparer.Ordinal);

    public List<Watcher> Watchers { get; } = [];

    /// <summary>Resource versions at or below this one are no longer in history (410 Gone).</summary>
    public long CompactedRevision { get; private set; }

    public IEnumerable<WatchEvent> History => _history;

    /// <summary>
    /// Every object in key order, as etcd ranges over them; built once per change of the table, so
    /// the pages of a large list are not each a sort of the whole table. Call under the store's lock.
    /// </summary>
    public StoredObject[] SortedByKey()
    {
        if (_sortedByKey is null)
        {
            var items = ByKey.Values.ToArray();
            Array.Sort(items, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            _sortedByKey = items;
        }

        return _sortedByKey;
    }

    public void Put(StoredObject obj)
    {
        _sortedByKey = null;
        ByKey[obj.Key] = obj;
        if (!ByNamespace.TryGetValue(obj.Namespace, out var names))
        {
            names = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            ByNamespace[obj.Namespace] = names;
        }

        names[obj.Name] = obj;
    }

    public void Remove(StoredObject obj)
    {
        _sortedByKey = null;
        ByKey.TryRemove(obj.Key, out _);
        if (ByNamespace.TryGetValue(obj.Namespace, out var names))
        {
            names.Remove(obj.Name);
            if (names.Count == 0)
            {
                ByNamespace.Remove(obj.Namespace);
            }
        }
    }

    public void Record(WatchEvent evt)
    {
        _history.Enqueue(evt);
        while (_history.Count > historyLimit)
        {
            CompactedRevision = _history.Dequeue().ResourceVersion;
        }

        for (var i = Watchers.Count - 1; i >= 0; i--)
        {
            var watcher = Watchers[i];
            if (watcher.Closed)
            {
                Watchers.RemoveAt(i);
                continue;
            }

            var filtered = Filter(watcher, evt);
            if (filtered is not null)
            {
                watcher.Offer(filtered);
            }
        }
    }

    public void Compact(long revision)
    {
        _history.Clear();
        CompactedRevision = revision;
    }

    /// <summary>
    /// What a watcher sees of an event: objects entering its selector appear as ADDED and objects
    /// leaving it as DELETED, as the API server's watch cache reports them.
    /// </summary>
    public static WatchEvent? Filter(Watcher watcher, WatchEvent evt)
    {
        var obj = evt.Object!;
        if (!watcher.InScope(obj))
        {
            return null;
        }

        var now = watcher.Matches(obj);
        if (evt.Type != WatchEventType.Modified || evt.Previous is null)
        {
            return now ? evt : null;
        }

        var before = watcher.Matches(evt.Previous);
        return (before, now) switch
        {
            (true, true) => evt,
            (false, true) => evt with { Type = WatchEventType.Added },
            (true, false) => evt with { Type = WatchEventType.Deleted },
            _ => null,
        };
    }
}
