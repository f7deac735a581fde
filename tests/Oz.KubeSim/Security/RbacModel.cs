using System.Collections.Concurrent;

namespace Oz.KubeSim.Security;

/// <summary>
/// Authentication and authorization. Allows everything until <see cref="Enabled"/> is set; then only
/// what a granted rule allows (RBAC is additive: there are no deny rules): rules granted in process
/// (<see cref="Grant(RbacRule)"/>) and the RBAC objects stored through the API. Users come from
/// bearer tokens (<see cref="AddToken"/>, service account tokens from TokenRequest), the
/// Impersonate-User header, or <see cref="DefaultUser"/> for a request without a token; with
/// <see cref="StrictAuthentication"/> an unknown token is refused (401) and impersonation needs the impersonate verb.
/// </summary>
public sealed class RbacModel
{
    /// <summary>The bearer token of the kubeconfig <c>serve</c> writes: the cluster-admin user.</summary>
    public const string AdminToken = "kubesim";

    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal) { [AdminToken] = "kubernetes-admin" };
    private volatile RbacRule[] _rules = [];
    private ObjectStore? _store;

    public bool Enabled { get; set; }

    /// <summary>Refuse unknown tokens with 401 and impersonation without the impersonate verb.</summary>
    public bool StrictAuthentication { get; set; }

    /// <summary>The user of requests without a known token (when authentication is not strict).</summary>
    public string DefaultUser { get; set; } = "kubernetes-admin";

    /// <summary>Issues and checks the tokens of TokenRequest.</summary>
    public ServiceAccountTokens ServiceAccountTokens { get; } = new();

    /// <summary>RBAC over the stored Role/ClusterRole/binding objects (null until attached to a store).</summary>
    public StoredRbacAuthorizer? StoredRules { get; private set; }

    internal void Attach(ObjectStore store)
    {
        _store = store;
        StoredRules = new StoredRbacAuthorizer(store);
    }

    public void AddToken(string token, string user) => _tokens[token] = user;

    public string UserForToken(string? token) =>
        token is not null && _tokens.TryGetValue(token, out var user) ? user : DefaultUser;

    /// <summary>The user a bearer token (null: none sent) authenticates as; null means 401 Unauthorized.</summary>
    public string? Authenticate(string? token)
    {
        // The simulator serves plain HTTP, over which kubectl (client-go) never sends a bearer token:
        // a request without credentials is the admin, as on kube-apiserver's old insecure port.
        if (string.IsNullOrEmpty(token))
        {
            return DefaultUser;
        }

        if (_tokens.TryGetValue(token, out var user))
        {
            return user;
        }

        if (ServiceAccountTokens.Validate(token, DateTimeOffset.UtcNow) is { } sa
            && _store?.Get(BuiltInResources.ServiceAccounts, sa.Namespace, sa.Name)?.Uid == sa.Uid)
        {
            return $"{UserInfo.ServiceAccountPrefix}{sa.Namespace}:{sa.Name}";
        }

        return StrictAuthentication ? null : DefaultUser;
    }

    public void Grant(RbacRule rule)
    {
        lock (_tokens)
        {
            _rules = [.. _rules, rule];
        }
    }

    /// <summary>Grants verbs on resources of a group to a user, optionally in one namespace.</summary>
    public void Grant(string user, string[] verbs, string group, string[] resources, string? ns = null) =>
        Grant(new RbacRule(verbs, [group], resources) { User = user, Namespaces = ns is null ? null : [ns] });

    public IReadOnlyList<RbacRule> Rules => _rules;

    public void Reset()
    {
        _rules = [];
        Enabled = false;
    }

    /// <summary>Users that bypass authorization, like system:masters.</summary>
    public ISet<string> Superusers { get; } = new HashSet<string>(StringComparer.Ordinal) { "kubernetes-admin", "system:admin" };

    public bool IsAllowed(string user, string verb, string group, string resource, string? subresource, string? ns, string? name) =>
        Authorize(user, new AccessAttributes(verb, group, resource, subresource, ns, name)).Allowed;

    /// <summary>The decision and, when denied, the authorizer's reason (e.g. a binding's missing role).</summary>
    public (bool Allowed, string Reason) Authorize(string user, AccessAttributes request)
    {
        if (!Enabled || Superusers.Contains(user))
        {
            return (true, "");
        }

        if (request.IsResourceRequest
            && (IsBasicUserRule(request.Verb, request.Group, request.Resource)
                || _rules.Any(r => r.Allows(user, request.Verb, request.Group, request.Resource, request.Subresource, request.Namespace, request.Name))))
        {
            return (true, "");
        }

        return StoredRules?.Authorize(UserInfo.ForName(user), request) ?? (false, "");
    }

    /// <summary>What the system:basic-user ClusterRole grants every authenticated user.</summary>
    private static bool IsBasicUserRule(string verb, string group, string resource) =>
        verb == "create" && group == "authorization.k8s.io" && resource is "selfsubjectaccessreviews" or "selfsubjectrulesreviews";
}
