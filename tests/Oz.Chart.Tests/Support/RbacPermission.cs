namespace Oz.Chart.Tests.Support;

/// <summary>One verb on one resource of one API group: a Role's rules flattened for exact comparison.</summary>
internal sealed record RbacPermission(string ApiGroup, string Resource, string Verb)
{
    public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}:{Verb}";

    public static IReadOnlySet<RbacPermission> Of(V1Role role) =>
        role.Rules
            .SelectMany(rule =>
                from apiGroup in rule.ApiGroups ?? []
                from resource in rule.Resources ?? []
                from verb in rule.Verbs
                select new RbacPermission(apiGroup, resource, verb))
            .ToHashSet();

    public static IEnumerable<RbacPermission> Many(string apiGroup, string resource, params string[] verbs) =>
        verbs.Select(verb => new RbacPermission(apiGroup, resource, verb));
}
