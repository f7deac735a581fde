namespace Oz.KubeSim.Security;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings every cluster starts with that users rely on:
/// cluster-admin for system:masters, discovery and self reviews for every authenticated user,
/// and the public health/version paths for everyone. (The aggregated admin/edit/view roles are not made.)
/// </summary>
public static class BootstrapPolicy
{
    private static readonly string[] DiscoveryPaths = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"];
    private static readonly string[] PublicPaths = ["/healthz", "/livez", "/readyz", "/version", "/version/"];

    public static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Role("cluster-admin", Rule(["*"], ["*"], ["*"]), NonResourceRule(["*"], ["*"]));
        yield return Role("system:discovery", NonResourceRule(["get"], DiscoveryPaths));
        yield return Role("system:public-info-viewer", NonResourceRule(["get"], PublicPaths));
        yield return Role(
            "system:basic-user",
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]));
    }

    public static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return Binding("cluster-admin", "system:masters");
        yield return Binding("system:discovery", "system:authenticated");
        yield return Binding("system:basic-user", "system:authenticated");
        yield return Binding("system:public-info-viewer", "system:authenticated", "system:unauthenticated");
    }

    private static JsonObject Role(string name, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name),
        ["rules"] = new JsonArray([.. rules]),
    };

    private static JsonObject Binding(string name, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = name },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Metadata(string name) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
        ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Strings(verbs),
        ["apiGroups"] = Strings(groups),
        ["resources"] = Strings(resources),
    };

    private static JsonObject NonResourceRule(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Strings(verbs),
        ["nonResourceURLs"] = Strings(urls),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
