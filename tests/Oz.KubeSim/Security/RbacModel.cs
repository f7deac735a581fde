using System.Collections.Concurrent;

namespace Oz.KubeSim.Security;

/// <summary>
/// Authorization. Allows everything until <see cref="Enabled"/> is set; then only what a granted
/// rule allows (RBAC is additive: there are no deny rules). Users come from bearer tokens
/// (<see cref="AddToken"/>), the Impersonate-User header, or <see cref="DefaultUser"/>.
/// </summary>
public sealed class RbacModel
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private volatile RbacRule[] _rules = [];

    public bool Enabled { get; set; }

    /// <summary>The user of requests without a known token.</summary>
    public string DefaultUser { get; set; } = "kubernetes-admin";

    public void AddToken(string token, string user) => _tokens[token] = user;

    public string UserForToken(string? token) =>
        token is not null && _tokens.TryGetValue(token, out var user) ? user : DefaultUser;

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
        !Enabled || Superusers.Contains(user) || IsBasicUserRule(verb, group, resource)
        || _rules.Any(r => r.Allows(user, verb, group, resource, subresource, ns, name));

    /// <summary>What the system:basic-user ClusterRole grants every authenticated user.</summary>
    private static bool IsBasicUserRule(string verb, string group, string resource) =>
        verb == "create" && group == "authorization.k8s.io" && resource is "selfsubjectaccessreviews" or "selfsubjectrulesreviews";
}
