using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates; missing ones ignore the event.</summary>
public sealed class ResourceEventHandler<T>(
    Action<T>? onAdd = null,
    Action<T, T>? onUpdate = null,
    Action<T>? onDelete = null) : IResourceEventHandler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public void OnAdd(T obj) => onAdd?.Invoke(obj);

    public void OnUpdate(T oldObj, T newObj) => onUpdate?.Invoke(oldObj, newObj);

    public void OnDelete(T obj) => onDelete?.Invoke(obj);
}
