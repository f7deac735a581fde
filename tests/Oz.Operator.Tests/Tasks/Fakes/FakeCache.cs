namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>An in-memory <see cref="IObjectCache{T}"/>: what a synced informer would hold.</summary>
internal sealed class FakeCache<T> : IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<ObjectKey, T> objects = [];

    public bool HasSynced { get; set; } = true;

    public T? Get(ObjectKey key) => objects.GetValueOrDefault(key);

    /// <summary>Calls of <see cref="List"/>: each one is O(cached objects).</summary>
    public int Lists { get; private set; }

    public IReadOnlyList<T> List()
    {
        Lists++;
        return objects.Values.ToList();
    }

    /// <summary>Calls of <see cref="ByIndex"/>.</summary>
    public int IndexReads { get; private set; }

    /// <summary>The index functions <see cref="ByIndex"/> answers by (the AgentTask cache's unless set).</summary>
    public IReadOnlyDictionary<string, IndexFunc> Indexers { get; init; } = AgentTaskIndexes.Indexers;

    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        IndexReads++;
        var values = Indexers[indexName];
        return objects.Values.Where(o => values(o).Contains(indexedValue)).ToList();
    }

    public IReadOnlyList<T> ListByLabel(string labelKey, string labelValue) =>
        objects.Values.Where(o => o.Metadata.Labels?.TryGetValue(labelKey, out var v) == true && v == labelValue).ToList();

    public void Put(T obj) => objects[ObjectKey.Of(obj)] = obj;

    public void Remove(ObjectKey key) => objects.Remove(key);
}
