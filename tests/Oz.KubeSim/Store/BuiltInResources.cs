namespace Oz.KubeSim.Store;

/// <summary>The built-in resources the simulator serves.</summary>
public static class BuiltInResources
{
    private static readonly string[] ReadOnlyVerbs = ["get", "list", "watch"];
    private static readonly string[] CreateOnly = ["create"];

    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", false) { ShortNames = ["ns"], Subresources = ["status"] };
    public static readonly ResourceType Pods = new("", "v1", "pods", "Pod", true) { ShortNames = ["po"], Categories = ["all"], Subresources = ["status", "log"] };
    public static readonly ResourceType Secrets = new("", "v1", "secrets", "Secret", true);
    public static readonly ResourceType ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true) { ShortNames = ["cm"] };
    public static readonly ResourceType ServiceAccounts = new("", "v1", "serviceaccounts", "ServiceAccount", true) { ShortNames = ["sa"], Subresources = ["token"] };
    public static readonly ResourceType Events = new("", "v1", "events", "Event", true) { ShortNames = ["ev"] };
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", false) { ShortNames = ["no"], Subresources = ["status"] };
    public static readonly ResourceType Jobs = new("batch", "v1", "jobs", "Job", true) { Categories = ["all"], Subresources = ["status"] };
    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "events", "Event", true) { ShortNames = ["ev"], TableKey = "/events" };
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", true);
    public static readonly ResourceType SelfSubjectAccessReviews = new("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false) { Verbs = CreateOnly };
    public static readonly ResourceType SelfSubjectRulesReviews = new("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false) { Verbs = CreateOnly };
    public static readonly ResourceType Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false) { ShortNames = ["crd", "crds"], Categories = ["api-extensions"], Subresources = ["status"] };

    // Stored and validated only (no controller): so that manifests shipping them (the chart, config/)
    // can be applied to the simulator with kubectl, field validation included.
    public static readonly ResourceType Deployments = new("apps", "v1", "deployments", "Deployment", true) { ShortNames = ["deploy"], Categories = ["all"], Subresources = ["status"] };
    public static readonly ResourceType Services = new("", "v1", "services", "Service", true) { ShortNames = ["svc"], Categories = ["all"], Subresources = ["status"] };
    public static readonly ResourceType NetworkPolicies = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true) { ShortNames = ["netpol"] };

    // Made by the kubelet for a pod's generic ephemeral volumes (as the ephemeral volume controller does).
    public static readonly ResourceType PersistentVolumeClaims = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true) { ShortNames = ["pvc"], Subresources = ["status"] };

    public static IReadOnlyList<ResourceType> All { get; } =
        [Namespaces, Pods, PersistentVolumeClaims, Secrets, ConfigMaps, ServiceAccounts, Events, Nodes, Jobs, EventsV1, Leases, SelfSubjectAccessReviews, SelfSubjectRulesReviews, Crds, Deployments, Services, NetworkPolicies, .. Security.SecurityResources.All];

    /// <summary>Resources that are only answered, never stored (reviews).</summary>
    public static bool IsVirtual(ResourceType type) => type.Verbs.Count == 1 && type.Verbs[0] == "create";

    public static IReadOnlyList<string> ReadOnly => ReadOnlyVerbs;
}
