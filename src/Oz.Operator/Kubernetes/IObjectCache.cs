using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// Read side of an informer: the last state seen on the shared watch of one resource.
/// Reconcilers read here instead of calling the API server.
/// </summary>
public interface IObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>True once the initial list has been loaded.</summary>
    bool HasSynced { get; }

    T? Get(ObjectKey key);

    IReadOnlyList<T> List();

    /// <summary>Objects carrying label <paramref name="labelKey"/> = <paramref name="labelValue"/> (indexed).</summary>
    IReadOnlyList<T> ListByLabel(string labelKey, string labelValue);

    /// <summary>Objects the named index files under <paramref name="indexedValue"/>; an unknown index name throws.</summary>
    IReadOnlyList<T> ByIndex(string indexName, string indexedValue);
}
