using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>The items of a list call and the list's resourceVersion.</summary>
public sealed record ListResult<T>(IReadOnlyList<T> Items, string ResourceVersion)
    where T : class, IKubernetesObject<V1ObjectMeta>;
