namespace Oz.KubeSim.Security;

/// <summary>RBAC objects are named by path segment rules (e.g. "system:discovery"), not as DNS subdomains.</summary>
public static class RbacNames
{
    public static bool IsRbacType(ResourceType type) => type.Group == "rbac.authorization.k8s.io";
}
