namespace Oz.Operator.Tests.Kubernetes;

/// <summary>Records handler calls as "add a", "update a 1->2", "delete a".</summary>
internal sealed class RecordingHandler<T> : IResourceEventHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<(T Old, T New)> Updates { get; } = new();

    public void OnAdd(T obj) => Events.Enqueue($"add {obj.Metadata.Name}");

    public void OnUpdate(T oldObj, T newObj)
    {
        Updates.Enqueue((oldObj, newObj));
        Events.Enqueue($"update {newObj.Metadata.Name} {oldObj.Metadata.ResourceVersion}->{newObj.Metadata.ResourceVersion}");
    }

    public void OnDelete(T obj) => Events.Enqueue($"delete {obj.Metadata.Name}");
}
