using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// The store behind an informer: the last object seen per key, and named indexes kept up to date
/// with every write, as client-go's Indexer: an index function files each object under values, and
/// <see cref="ByIndex"/> answers "which objects are filed under this value" without a scan. Label
/// indexes are index functions too (the label's value). One writer (the informer), any number of
/// readers. Objects are kept as received and must be treated as read-only by readers.
/// </summary>
/// <remarks>
/// Staleness is not judged here: resourceVersions are opaque strings, and the watch stream's order
/// is trusted, so the last write wins.
/// </remarks>
public sealed class ObjectCache<T> : IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private const string LabelIndexPrefix = "label:";
    private readonly ConcurrentDictionary<ObjectKey, T> items = new();

    // index name -> (its function, value -> keys); guarded by indexLock together with index updates of items.
    private readonly Dictionary<string, (IndexFunc Values, Dictionary<string, HashSet<ObjectKey>> Keys)> indexes;
    private readonly Lock indexLock = new();
    private volatile bool synced;

    /// <param name="indexedLabels">Label keys to index for <see cref="ListByLabel"/>.</param>
    /// <param name="indexers">Named index functions for <see cref="ByIndex"/>.</param>
    public ObjectCache(IEnumerable<string>? indexedLabels = null, IReadOnlyDictionary<string, IndexFunc>? indexers = null)
    {
        indexes = new(StringComparer.Ordinal);
        foreach (var label in (indexedLabels ?? []).Distinct(StringComparer.Ordinal))
        {
            indexes[LabelIndexName(label)] = (obj => LabelValue(obj, label) is { } value ? [value] : [], new(StringComparer.Ordinal));
        }

        foreach (var (name, values) in indexers ?? new Dictionary<string, IndexFunc>())
        {
            indexes.Add(name, (values, new(StringComparer.Ordinal)));
        }
    }

    public bool HasSynced => synced;

    public int Count => items.Count;

    /// <summary>Label keys that <see cref="ListByLabel"/> answers from an index.</summary>
    public IReadOnlyCollection<string> IndexedLabels =>
        [.. indexes.Keys.Where(n => n.StartsWith(LabelIndexPrefix, StringComparison.Ordinal)).Select(n => n[LabelIndexPrefix.Length..])];

    /// <summary>The name of the index of a label's values.</summary>
    public static string LabelIndexName(string labelKey) => LabelIndexPrefix + labelKey;

    public T? Get(ObjectKey key) => items.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyList<T> List() => [.. items.Values];

    public IReadOnlyList<ObjectKey> Keys() => [.. items.Keys];

    public IReadOnlyList<T> ListByLabel(string labelKey, string labelValue)
    {
        if (indexes.ContainsKey(LabelIndexName(labelKey)))
        {
            return ByIndex(LabelIndexName(labelKey), labelValue);
        }

        // Not an indexed label: a scan is slower but still correct.
        return [.. items.Values.Where(o => LabelValue(o, labelKey) == labelValue)];
    }

    /// <summary>The objects the index <paramref name="indexName"/> files under <paramref name="indexedValue"/>.</summary>
    /// <exception cref="ArgumentException">The cache has no index of that name (as client-go answers).</exception>
    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        lock (indexLock)
        {
            if (!indexes.TryGetValue(indexName, out var index))
            {
                throw new ArgumentException($"Index with name {indexName} does not exist", nameof(indexName));
            }

            if (!index.Keys.TryGetValue(indexedValue, out var keys))
            {
                return [];
            }

            var result = new List<T>(keys.Count);
            foreach (var key in keys)
            {
                if (items.TryGetValue(key, out var obj))
                {
                    result.Add(obj);
                }
            }

            return result;
        }
    }

    /// <summary>Stores <paramref name="obj"/> and returns the object it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (indexLock)
        {
            items.TryGetValue(key, out var old);
            items[key] = obj;
            Unindex(key, old);
            Index(key, obj);
            return old;
        }
    }

    /// <summary>Removes the object under <paramref name="key"/> and returns it, if it was there.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (indexLock)
        {
            if (!items.TryRemove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    /// <summary>Marks the cache as holding a complete list (set by the informer after its first list).</summary>
    public void MarkSynced() => synced = true;

    private void Index(ObjectKey key, T obj)
    {
        foreach (var (values, byValue) in indexes.Values)
        {
            foreach (var value in values(obj))
            {
                if (!byValue.TryGetValue(value, out var keys))
                {
                    keys = [];
                    byValue[value] = keys;
                }

                keys.Add(key);
            }
        }
    }

    private void Unindex(ObjectKey key, T? old)
    {
        if (old is null)
        {
            return;
        }

        foreach (var (values, byValue) in indexes.Values)
        {
            foreach (var value in values(old))
            {
                if (byValue.TryGetValue(value, out var keys))
                {
                    keys.Remove(key);
                    if (keys.Count == 0)
                    {
                        byValue.Remove(value);
                    }
                }
            }
        }
    }

    private static string? LabelValue(IKubernetesObject<V1ObjectMeta> obj, string labelKey) =>
        obj.Metadata?.Labels is { } labels && labels.TryGetValue(labelKey, out var value) ? value : null;
}
