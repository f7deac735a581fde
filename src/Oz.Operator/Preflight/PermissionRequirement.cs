namespace Oz.Operator.Preflight;

/// <summary>Verbs the operator needs on one resource (optionally a subresource) of an API group, in the namespace its <see cref="Scope"/> names.</summary>
public sealed record PermissionRequirement(string Group, string Resource, string? Subresource, IReadOnlyList<string> Verbs)
{
    /// <summary>Where the permission is needed: the task namespace, or the namespace of the leader-election Lease.</summary>
    public PermissionScope Scope { get; init; } = PermissionScope.TaskNamespace;

    /// <summary>The resource as an RBAC rule names it, e.g. "pods/log".</summary>
    public string RuleResource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    /// <summary>The resource as people read it, e.g. "jobs.batch", "agenttasks.oz.warp.dev/status", "pods/log".</summary>
    public string DisplayName => Group.Length == 0 ? RuleResource : Subresource is null ? $"{Resource}.{Group}" : $"{Resource}.{Group}/{Subresource}";
}
