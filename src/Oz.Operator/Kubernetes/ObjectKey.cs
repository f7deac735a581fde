using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes;

/// <summary>The identity a controller works on: namespace and name, never the object itself.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj) =>
        new(obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name);

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
