using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// The values an object is filed under in one named index of an informer's cache (none: not in
/// the index), as client-go's <c>IndexFunc</c>. Must depend on the object alone.
/// </summary>
public delegate IEnumerable<string> IndexFunc(IKubernetesObject<V1ObjectMeta> obj);
