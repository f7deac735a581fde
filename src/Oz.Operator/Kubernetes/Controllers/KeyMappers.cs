using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Controllers;

/// <summary>
/// Ways to turn a watched object into the keys to reconcile: the object itself, or the owner it
/// belongs to, so a change of an owned object (a Job, a Pod) wakes its owner's reconcile.
/// </summary>
public static class KeyMappers
{
    /// <summary>The object's own key.</summary>
    public static IEnumerable<ObjectKey> Self<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        obj.Metadata?.Name is null ? [] : [ObjectKey.Of(obj)];

    /// <summary>
    /// The controlling owner (ownerReference with <c>controller: true</c>) of kind
    /// <paramref name="ownerKind"/>, in the object's namespace; optionally matching its apiVersion.
    /// </summary>
    public static Func<T, IEnumerable<ObjectKey>> ControllerOwner<T>(string ownerKind, string? ownerApiVersion = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        obj => obj.Metadata?.OwnerReferences is not { } owners
            ? []
            : owners
                .Where(o => o.Controller == true
                    && string.Equals(o.Kind, ownerKind, StringComparison.Ordinal)
                    && (ownerApiVersion is null || string.Equals(o.ApiVersion, ownerApiVersion, StringComparison.Ordinal))
                    && !string.IsNullOrEmpty(o.Name))
                .Take(1)
                .Select(o => new ObjectKey(obj.Metadata.NamespaceProperty ?? "", o.Name))
                .ToList();

    /// <summary>
    /// The owner named by label <paramref name="labelKey"/> in the object's namespace — for objects
    /// whose owner is not their direct controller (e.g. a Job's Pods labelled with their task).
    /// </summary>
    public static Func<T, IEnumerable<ObjectKey>> Label<T>(string labelKey)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        obj => obj.Metadata?.Labels is { } labels && labels.TryGetValue(labelKey, out var name) && !string.IsNullOrEmpty(name)
            ? [new ObjectKey(obj.Metadata.NamespaceProperty ?? "", name)]
            : [];
}
