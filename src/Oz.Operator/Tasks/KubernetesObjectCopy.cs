using k8s;

namespace Oz.Operator.Tasks;

/// <summary>Deep copies of Kubernetes model objects, so a built Job never shares objects with its inputs.</summary>
internal static class KubernetesObjectCopy
{
    /// <summary>A deep copy through the client's own JSON mapping (the models have no clone method).</summary>
    public static T DeepCopy<T>(T value)
        where T : class =>
        KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));

    public static List<T> DeepCopyList<T>(IEnumerable<T>? values)
        where T : class =>
        values is null ? [] : [.. values.Select(DeepCopy)];
}
