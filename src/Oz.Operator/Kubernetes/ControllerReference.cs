using k8s.Models;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// The owner reference a controller puts on an object it makes: the owner is the object's one
/// controller, the garbage collector deletes the object with it, and a foreground deletion of the
/// owner waits for the object (blockOwnerDeletion).
/// </summary>
public static class ControllerReference
{
    public static V1OwnerReference To(string apiVersion, string kind, V1ObjectMeta owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new V1OwnerReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = owner.Name,
            Uid = owner.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }
}
