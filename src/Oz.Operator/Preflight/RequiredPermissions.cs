using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Preflight;

/// <summary>
/// Every permission the operator needs, each in the namespace its scope names: the one list the
/// preflight checks and the Helm chart's / config/rbac Roles must grant.
/// </summary>
public static class RequiredPermissions
{
    public static IReadOnlyList<PermissionRequirement> All { get; } =
    [
        // Task Jobs: created, watched by the shared informer, deleted after the result is recorded.
        new("batch", "jobs", null, ["get", "list", "watch", "create", "delete"]),
        new("", "pods", null, ["get", "list", "watch"]),

        // The failing container's log tail goes into the AgentTask's message.
        new("", "pods", "log", ["get"]),

        // Oz-provided environment variables are stored in a Secret owned by the AgentTask.
        new("", "secrets", null, ["get", "create"]),

        // The operator records events.k8s.io/v1 Events; it reads core Events (FailedCreate,
        // FailedMount, FailedScheduling) to diagnose pods that never start.
        new("events.k8s.io", "events", null, ["create", "patch"]),
        new("", "events", null, ["list", "watch"]),
        new(AgentTask.Group, AgentTask.Plural, null, ["get", "list", "watch", "create", "update", "patch", "delete"]),
        new(AgentTask.Group, AgentTask.Plural, "status", ["get", "update", "patch"]),
        new(AgentTask.Group, AgentTask.Plural, "finalizers", ["update"]),

        // AgentTaskSchedules are read (written by people or GitOps); their status is ours, and a
        // run's ownerReference with blockOwnerDeletion needs update on the finalizers subresource.
        new(AgentTaskSchedule.Group, AgentTaskSchedule.Plural, null, ["get", "list", "watch"]),
        new(AgentTaskSchedule.Group, AgentTaskSchedule.Plural, "status", ["get", "update", "patch"]),
        new(AgentTaskSchedule.Group, AgentTaskSchedule.Plural, "finalizers", ["update"]),

        // Leader election, and the PreflightPassed Event recorded on the Lease: where the Lease lives.
        new("coordination.k8s.io", "leases", null, ["get", "create", "update"]) { Scope = PermissionScope.LeaseNamespace },
        new("events.k8s.io", "events", null, ["create"]) { Scope = PermissionScope.LeaseNamespace },
    ];
}
