namespace Oz.KubeSim.Api.Printers;

/// <summary><c>kubectl get nodes</c>: Name, Status, Roles, Age, Version (+ addresses and node info wide).</summary>
internal static class NodePrinter
{
    public static BuiltInPrinter Printer { get; } = new(
        [
            new("Name", "string", "", "name", "Name must be unique within a namespace."),
            new("Status", "string", "", null, "The status of the node"),
            new("Roles", "string", "", null, "The roles of the node"),
            new("Age", "string", "", null, "CreationTimestamp is a timestamp representing the server time when this object was created."),
            new("Version", "string", "", null, "Kubelet Version reported by the node."),
            new("Internal-IP", "string", "", null, "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
            new("External-IP", "string", "", null, "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
            new("OS-Image", "string", "", null, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            new("Kernel-Version", "string", "", null, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            new("Container-Runtime", "string", "", null, "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ],
        Cells);

    private static JsonArray Cells(JsonObject node, DateTimeOffset now)
    {
        var ready = (JsonPath.Get(node, "status.conditions") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => JsonPath.GetString(c, "type") == "Ready");
        var status = ready is null ? "Unknown" : JsonPath.GetString(ready, "status") == "True" ? "Ready" : "NotReady";
        if (JsonPath.GetBool(node, "spec.unschedulable") == true)
        {
            status += ",SchedulingDisabled";
        }

        var roles = JsonPath.StringMap(JsonPath.Get(node, "metadata.labels")).Keys
            .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        return
        [
            JsonPath.GetString(node, "metadata.name"),
            status,
            roles.Count == 0 ? "<none>" : string.Join(',', roles),
            PrintedTimes.Since(PrintedTimes.Parse(node, "metadata.creationTimestamp"), now),
            JsonPath.GetString(node, "status.nodeInfo.kubeletVersion") ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            JsonPath.GetString(node, "status.nodeInfo.osImage") ?? "<unknown>",
            JsonPath.GetString(node, "status.nodeInfo.kernelVersion") ?? "<unknown>",
            JsonPath.GetString(node, "status.nodeInfo.containerRuntimeVersion") ?? "<unknown>",
        ];
    }

    private static string Address(JsonObject node, string type) =>
        (JsonPath.Get(node, "status.addresses") as JsonArray)?.OfType<JsonObject>()
            .Where(a => JsonPath.GetString(a, "type") == type)
            .Select(a => JsonPath.GetString(a, "address"))
            .FirstOrDefault() ?? "<none>";
}
