namespace Oz.Operator.Preflight;

/// <summary>The namespace a permission is needed in. The two differ when the operator runs apart from its tasks (e.g. oz-system and oz-tasks).</summary>
public enum PermissionScope
{
    /// <summary>The configured <c>namespace</c>: AgentTasks, Jobs, pods, Secrets, Events.</summary>
    TaskNamespace,

    /// <summary>The operator pod's own namespace (POD_NAMESPACE), where its leader-election Lease lives.</summary>
    LeaseNamespace,
}
