namespace Oz.KubeSim.Security;

/// <summary>The resources authorization, quota and admission policy are configured with.</summary>
public static class SecurityResources
{
    private const string Rbac = "rbac.authorization.k8s.io";
    private const string Admission = "admissionregistration.k8s.io";

    public static readonly ResourceType Roles = new(Rbac, "v1", "roles", "Role", true);
    public static readonly ResourceType RoleBindings = new(Rbac, "v1", "rolebindings", "RoleBinding", true);
    public static readonly ResourceType ClusterRoles = new(Rbac, "v1", "clusterroles", "ClusterRole", false);
    public static readonly ResourceType ClusterRoleBindings = new(Rbac, "v1", "clusterrolebindings", "ClusterRoleBinding", false);
    public static readonly ResourceType ResourceQuotas = new("", "v1", "resourcequotas", "ResourceQuota", true) { ShortNames = ["quota"], Subresources = ["status"] };
    public static readonly ResourceType ValidatingAdmissionPolicies = new(Admission, "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", false) { Categories = ["api-extensions"], Subresources = ["status"] };
    public static readonly ResourceType ValidatingAdmissionPolicyBindings = new(Admission, "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", false) { Categories = ["api-extensions"] };

    public static IReadOnlyList<ResourceType> All { get; } =
        [Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, ResourceQuotas, ValidatingAdmissionPolicies, ValidatingAdmissionPolicyBindings];
}
