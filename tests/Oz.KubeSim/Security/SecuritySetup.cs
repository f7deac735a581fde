namespace Oz.KubeSim.Security;

/// <summary>What a new cluster starts with for authorization: the bootstrap ClusterRoles and their bindings.</summary>
internal static class SecuritySetup
{
    public static void Seed(ResourceApi api, RequestContext admin)
    {
        foreach (var role in BootstrapPolicy.ClusterRoles())
        {
            api.Create(SecurityResources.ClusterRoles, "", role, admin);
        }

        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
        {
            api.Create(SecurityResources.ClusterRoleBindings, "", binding, admin);
        }
    }
}
