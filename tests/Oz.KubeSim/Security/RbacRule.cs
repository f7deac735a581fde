namespace Oz.KubeSim.Security;

/// <summary>
/// One allow rule, like a PolicyRule bound to a user: verbs, API groups, resources (with
/// "resource/subresource" or "*"), optionally limited to namespaces and names; "*" matches anything.
/// </summary>
public sealed record RbacRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> Groups, IReadOnlyList<string> Resources)
{
    /// <summary>User the rule applies to; null for every user.</summary>
    public string? User { get; init; }

    /// <summary>Namespaces the rule applies in; null for all (a ClusterRoleBinding).</summary>
    public IReadOnlyList<string>? Namespaces { get; init; }

    public IReadOnlyList<string>? Names { get; init; }

    public bool Allows(string user, string verb, string group, string resource, string? subresource, string? ns, string? name)
    {
        var fullResource = subresource is null ? resource : $"{resource}/{subresource}";
        return (User is null || User == user)
            && Any(Verbs, verb)
            && Any(Groups, group)
            && (Resources.Contains("*") || Resources.Contains(fullResource) || (subresource is not null && Resources.Contains($"{resource}/*")) || (subresource is null && Resources.Contains(resource)))
            && (Namespaces is null || (ns is not null && Namespaces.Contains(ns)))
            && (Names is null || (name is not null && Names.Contains(name)));
    }

    private static bool Any(IReadOnlyList<string> list, string value) => list.Contains("*") || list.Contains(value);
}
