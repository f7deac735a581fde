namespace Oz.Chart.Tests.Support;

/// <summary>
/// Exactly what the operator may do, no more. SelfSubjectAccessReview is absent on purpose: every
/// authenticated user may create it through the default system:basic-user ClusterRole.
/// </summary>
internal static class ExpectedRbac
{
    /// <summary>The Role in the task namespace.</summary>
    public static readonly IReadOnlySet<RbacPermission> TaskNamespace = new[]
    {
        RbacPermission.Many("batch", "jobs", "get", "list", "watch", "create", "delete"),
        RbacPermission.Many("", "pods", "get", "list", "watch"),
        RbacPermission.Many("", "pods/log", "get"),
        RbacPermission.Many("", "secrets", "get", "create"),
        RbacPermission.Many("events.k8s.io", "events", "create", "patch"),
        RbacPermission.Many("", "events", "list", "watch"),
        RbacPermission.Many("oz.warp.dev", "agenttasks", "get", "list", "watch", "create", "update", "patch", "delete"),
        RbacPermission.Many("oz.warp.dev", "agenttasks/status", "get", "update", "patch"),
        RbacPermission.Many("oz.warp.dev", "agenttasks/finalizers", "update"),
        RbacPermission.Many("oz.warp.dev", "agenttaskschedules", "get", "list", "watch"),
        RbacPermission.Many("oz.warp.dev", "agenttaskschedules/status", "get", "update", "patch"),
        RbacPermission.Many("oz.warp.dev", "agenttaskschedules/finalizers", "update"),
    }.SelectMany(p => p).ToHashSet();

    /// <summary>The Role in the operator's own namespace (leader election and its Events).</summary>
    public static readonly IReadOnlySet<RbacPermission> LeaderElection = new[]
    {
        RbacPermission.Many("coordination.k8s.io", "leases", "get", "create", "update"),
        RbacPermission.Many("events.k8s.io", "events", "create", "patch"),
    }.SelectMany(p => p).ToHashSet();

    /// <summary>Both together: the single Role of the raw manifests (one namespace for everything).</summary>
    public static IReadOnlySet<RbacPermission> SingleNamespace => TaskNamespace.Union(LeaderElection).ToHashSet();
}
