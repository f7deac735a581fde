namespace Oz.KubeSim.Controllers;

/// <summary>
/// The kubelet's heartbeats, computed when the node or its lease is served instead of written
/// every few seconds: a real kubelet renews its Lease every 10 s and posts node status, but here
/// timer writes would churn resource versions and slow tests whose clock runs fast. Readers
/// (kubectl describe node) see a lease renewed and conditions heartbeated at the current time.
/// </summary>
internal static class NodeHeartbeat
{
    /// <summary>The object as served at <paramref name="now"/>: the stored one, with heartbeat times stamped for the node and its lease.</summary>
    public static StoredObject Fresh(StoredObject stored, DateTimeOffset now)
    {
        if (stored.Name != Kubelet.NodeName)
        {
            return stored;
        }

        if (stored.Type.Group.Length == 0 && stored.Type.Plural == BuiltInResources.Nodes.Plural)
        {
            var node = stored.ToJsonObject();
            foreach (var condition in (JsonPath.Get(node, "status.conditions") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                condition["lastHeartbeatTime"] = JsonPath.Timestamp(now);
            }

            return StoredObject.Create(stored.Type, node, stored.ResourceVersion);
        }

        if (stored.Type.Group == BuiltInResources.Leases.Group && stored.Type.Plural == BuiltInResources.Leases.Plural
            && stored.Namespace == SimulatedNode.LeaseNamespace)
        {
            var lease = stored.ToJsonObject();
            if (lease["spec"] is JsonObject spec && JsonPath.GetString(spec, "holderIdentity") == Kubelet.NodeName)
            {
                spec["renewTime"] = JsonPath.MicroTimestamp(now);
                return StoredObject.Create(stored.Type, lease, stored.ResourceVersion);
            }
        }

        return stored;
    }
}
