using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Receives an informer's changes, one at a time and in stream order, after the cache has been
/// updated. Must be quick (e.g. enqueue a key): the informer waits for it.
/// </summary>
public interface IResourceEventHandler<in T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    void OnAdd(T obj);

    /// <summary>A change, or a periodic resync (then <paramref name="oldObj"/> and <paramref name="newObj"/> are the same).</summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>The last state known of a deleted object (after a relist it may be older than the deletion).</summary>
    void OnDelete(T obj);
}
