namespace Oz.KubeSim.Controllers;

/// <summary>
/// The one node the kubelet runs pods on, as a real kubelet registers it: the Node with its
/// conditions, addresses and nodeInfo, and its Lease in kube-node-lease (owned by the Node).
/// Heartbeats are not written on a timer; <see cref="NodeHeartbeat"/> stamps them when served.
/// </summary>
internal static class SimulatedNode
{
    public const string LeaseNamespace = "kube-node-lease";

    /// <summary>How long the lease is valid without renewal (the kubelet's default).</summary>
    public const int LeaseDurationSeconds = 40;

    public static void Register(ResourceApi api, RequestContext ctx)
    {
        var now = api.Clock.Now;
        var node = api.Create(BuiltInResources.Nodes, "", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = Kubelet.NodeName, ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = Kubelet.NodeName } },
        }, ctx).Object;
        node["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now)),
            ["allocatable"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "10000" },
            ["capacity"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "10000" },
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = "192.168.0.10" },
                new JsonObject { ["type"] = "Hostname", ["address"] = Kubelet.NodeName }),
            ["nodeInfo"] = new JsonObject
            {
                ["kubeletVersion"] = Discovery.Version()["gitVersion"]!.GetValue<string>(),
                ["osImage"] = "kubesim",
                ["kernelVersion"] = "kubesim",
                ["containerRuntimeVersion"] = "kubesim://1",
                ["operatingSystem"] = "linux",
                ["architecture"] = "amd64",
            },
        };
        api.Update(BuiltInResources.Nodes, "", Kubelet.NodeName, node, ctx, "status");

        // A simulator started with its own namespace list may lack kube-node-lease: then no lease, as on a cluster without it.
        if (api.Store.Get(BuiltInResources.Namespaces, "", LeaseNamespace) is null)
        {
            return;
        }

        api.Create(BuiltInResources.Leases, LeaseNamespace, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Kubelet.NodeName,
                ["namespace"] = LeaseNamespace,
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Node",
                    ["name"] = Kubelet.NodeName,
                    ["uid"] = JsonPath.GetString(node, "metadata.uid"),
                }),
            },
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = Kubelet.NodeName,
                ["leaseDurationSeconds"] = LeaseDurationSeconds,
                ["renewTime"] = JsonPath.MicroTimestamp(now),
            },
        }, ctx);
    }

    /// <summary>Writes <paramref name="allocatable"/> (cpu, memory) into the Node's status.allocatable and status.capacity.</summary>
    public static void ShowResources(ResourceApi api, IReadOnlyDictionary<string, string> allocatable)
    {
        if (api.Store.Get(BuiltInResources.Nodes, "", Kubelet.NodeName) is not { } stored)
        {
            return;
        }

        var node = stored.ToJsonObject();
        var status = node["status"] as JsonObject ?? [];
        var resources = new JsonObject { ["pods"] = "10000" };
        foreach (var (name, quantity) in allocatable)
        {
            resources[name] = quantity;
        }

        status["allocatable"] = resources;
        status["capacity"] = resources.DeepClone();
        node["status"] = status;
        api.Update(BuiltInResources.Nodes, "", Kubelet.NodeName, node, RequestContext.Controller("kubelet"), "status");
    }

    private static JsonObject Condition(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastHeartbeatTime"] = JsonPath.Timestamp(now),
        ["lastTransitionTime"] = JsonPath.Timestamp(now),
        ["reason"] = reason,
        ["message"] = message,
    };
}
