namespace Oz.KubeSim.Security;

/// <summary>
/// RBAC over the Role, ClusterRole, RoleBinding and ClusterRoleBinding objects stored through the
/// API, evaluated per request like the API server's RBAC authorizer: RoleBindings grant in their
/// namespace, ClusterRoleBindings everywhere; a binding whose role does not exist grants nothing
/// and its "not found" becomes the denial's reason.
/// </summary>
public sealed class StoredRbacAuthorizer(ObjectStore store)
{
    public (bool Allowed, string Reason) Authorize(UserInfo user, AccessAttributes request)
    {
        var errors = new List<string>();
        foreach (var rules in RulesFor(user, request.IsResourceRequest ? request.Namespace : null, errors))
        {
            if (rules.Any(rule => PolicyRules.Allows(rule, request)))
            {
                return (true, "");
            }
        }

        return (false, errors.Count == 0 ? "" : "RBAC: " + (errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]"));
    }

    /// <summary>The rules that apply to a user in a namespace (null: cluster-wide bindings only), for rules reviews.</summary>
    public IReadOnlyList<JsonObject> RulesOf(UserInfo user, string? ns) => [.. RulesFor(user, ns, []).SelectMany(r => r)];

    private IEnumerable<IEnumerable<JsonObject>> RulesFor(UserInfo user, string? ns, List<string> errors)
    {
        foreach (var binding in store.List(SecurityResources.ClusterRoleBindings, null).Items)
        {
            if (BindingRules(binding.ToJsonObject(), "", user, errors) is { } rules)
            {
                yield return rules;
            }
        }

        if (string.IsNullOrEmpty(ns))
        {
            yield break;
        }

        foreach (var binding in store.List(SecurityResources.RoleBindings, ns).Items)
        {
            if (BindingRules(binding.ToJsonObject(), ns, user, errors) is { } rules)
            {
                yield return rules;
            }
        }
    }

    private IEnumerable<JsonObject>? BindingRules(JsonObject binding, string bindingNs, UserInfo user, List<string> errors)
    {
        var subjects = (binding["subjects"] as JsonArray)?.OfType<JsonObject>() ?? [];
        if (!subjects.Any(s => AppliesTo(s, bindingNs, user)))
        {
            return null;
        }

        var kind = JsonPath.GetString(binding, "roleRef.kind");
        var roleName = JsonPath.GetString(binding, "roleRef.name") ?? "";
        var role = kind == "Role" && bindingNs.Length > 0
            ? store.Get(SecurityResources.Roles, bindingNs, roleName)
            : kind == "ClusterRole" ? store.Get(SecurityResources.ClusterRoles, "", roleName) : null;
        if (role is null)
        {
            var resource = kind == "Role" ? "role" : "clusterrole";
            errors.Add($"{resource}.rbac.authorization.k8s.io \"{roleName}\" not found");
            return null;
        }

        return (role.ToJsonObject()["rules"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
    }

    private static bool AppliesTo(JsonObject subject, string bindingNs, UserInfo user)
    {
        var name = JsonPath.GetString(subject, "name") ?? "";
        switch (JsonPath.GetString(subject, "kind"))
        {
            case "User":
                return name == user.Name;
            case "Group":
                return user.Groups.Contains(name);
            case "ServiceAccount":
                var ns = JsonPath.GetString(subject, "namespace");
                return user.Name == $"{UserInfo.ServiceAccountPrefix}{(string.IsNullOrEmpty(ns) ? bindingNs : ns)}:{name}";
            default:
                return false;
        }
    }
}
