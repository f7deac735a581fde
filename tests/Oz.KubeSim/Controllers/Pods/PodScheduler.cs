namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// The default scheduler of the one node: fits a pod by its requests against the node's allocatable
/// resources and binds it (with the conditions and waiting container statuses the kubelet then
/// shows), or leaves it Pending with PodScheduled False and a FailedScheduling Event.
/// </summary>
internal sealed class PodScheduler(ResourceApi api, EventRecorder events, PodStatusWriter status, Func<IReadOnlyDictionary<string, string>> allocatable)
{
    /// <summary>The pod bound to the node, or null when it does not fit (or its outcome says Unschedulable).</summary>
    public StoredObject? Bind(StoredObject created, JsonObject pod, PodOutcome? podOutcome, List<JsonObject> inits, List<JsonObject> mains)
    {
        var misfit = ResourceFit.Check(pod, BoundPods(created.Uid), allocatable());
        if (podOutcome?.Kind == OutcomeKind.Unschedulable || misfit is not null)
        {
            var message = podOutcome?.Message ?? misfit ?? "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
            var current = status.Mutate(created, p => status.SetCondition(p, "PodScheduled", "False", "Unschedulable", message));
            events.Warning(current, "FailedScheduling", message, "default-scheduler");
            return null;
        }

        var scheduled = status.Mutate(created, p =>
        {
            p["spec"]!["nodeName"] = Kubelet.NodeName;
            var podStatus = JsonPath.Ensure(p, "status");
            podStatus["hostIP"] = "192.168.0.10";
            podStatus["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "192.168.0.10" });
            podStatus["startTime"] = JsonPath.Timestamp(api.Clock.Now);
            status.SetCondition(p, "PodReadyToStartContainers", "False", null, null);
            status.SetCondition(p, "Initialized", inits.Count == 0 ? "True" : "False", inits.Count == 0 ? null : "ContainersNotInitialized", inits.Count == 0 ? null : $"containers with incomplete status: [{string.Join(' ', inits.Select(c => JsonPath.GetString(c, "name")))}]");
            status.SetCondition(p, "Ready", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', mains.Select(c => JsonPath.GetString(c, "name")))}]");
            status.SetCondition(p, "ContainersReady", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', mains.Select(c => JsonPath.GetString(c, "name")))}]");
            status.SetCondition(p, "PodScheduled", "True", null, null);
            podStatus["initContainerStatuses"] = inits.Count == 0 ? null : new JsonArray([.. inits.Select(c => (JsonNode)ContainerStatuses.Waiting(c, "PodInitializing", null))]);
            if (inits.Count == 0)
            {
                podStatus.Remove("initContainerStatuses");
            }

            podStatus["containerStatuses"] = new JsonArray([.. mains.Select(c => (JsonNode)ContainerStatuses.Waiting(c, inits.Count == 0 ? "ContainerCreating" : "PodInitializing", null))]);
        });
        events.Normal(scheduled, "Scheduled", $"Successfully assigned {created.Namespace}/{created.Name} to {Kubelet.NodeName}", "default-scheduler");
        return scheduled;
    }

    /// <summary>The pods already on the node that still hold their requests.</summary>
    private IEnumerable<JsonObject> BoundPods(string exceptUid) =>
        api.Store.List(BuiltInResources.Pods, null).Items
            .Where(p => p.Uid != exceptUid && p.Fields.ContainsKey("spec.nodeName") && p.Fields.GetValueOrDefault("status.phase") is not ("Succeeded" or "Failed"))
            .Select(p => p.ToJsonObject());
}
