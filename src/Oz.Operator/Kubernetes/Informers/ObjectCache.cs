using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// The store behind an informer: the last object seen per key, and an index by the values of the
/// configured label keys. One writer (the informer), any number of readers. Objects are kept as
/// received and must be treated as read-only by readers.
/// </summary>
/// <remarks>
/// Staleness is not judged here: resourceVersions are opaque strings, and the watch stream's order
/// is trusted, so the last write wins.
/// </remarks>
public sealed class ObjectCache<T> : IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> items = new();

    // labelKey -> labelValue -> keys; guarded by indexLock together with index updates of items.
    private readonly Dictionary<string, Dictionary<string, HashSet<ObjectKey>>> index;
    private readonly Lock indexLock = new();
    private volatile bool synced;

    public ObjectCache(IEnumerable<string>? indexedLabels = null)
    {
        index = (indexedLabels ?? []).Distinct(StringComparer.Ordinal)
            .ToDictionary(k => k, _ => new Dictionary<string, HashSet<ObjectKey>>(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public bool HasSynced => synced;

    public int Count => items.Count;

    /// <summary>Label keys that <see cref="ListByLabel"/> answers from the index.</summary>
    public IReadOnlyCollection<string> IndexedLabels => index.Keys;

    public T? Get(ObjectKey key) => items.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyList<T> List() => [.. items.Values];

    public IReadOnlyList<ObjectKey> Keys() => [.. items.Keys];

    public IReadOnlyList<T> ListByLabel(string labelKey, string labelValue)
    {
        lock (indexLock)
        {
            if (index.TryGetValue(labelKey, out var byValue))
            {
                if (!byValue.TryGetValue(labelValue, out var keys))
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

        // Not an indexed label: a scan is slower but still correct.
        return [.. items.Values.Where(o => o.Metadata?.Labels is { } labels
            && labels.TryGetValue(labelKey, out var value) && value == labelValue)];
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
        foreach (var (labelKey, byValue) in index)
        {
            if (LabelValue(obj, labelKey) is { } value)
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

        foreach (var (labelKey, byValue) in index)
        {
            if (LabelValue(old, labelKey) is { } value && byValue.TryGetValue(value, out var keys))
            {
                keys.Remove(key);
                if (keys.Count == 0)
                {
                    byValue.Remove(value);
                }
            }
        }
    }

    private static string? LabelValue(T obj, string labelKey) =>
        obj.Metadata?.Labels is { } labels && labels.TryGetValue(labelKey, out var value) ? value : null;
}
