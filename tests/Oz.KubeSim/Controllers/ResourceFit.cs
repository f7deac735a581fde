using k8s.Models;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// The scheduler's NodeResourcesFit check for the one simulated node: a pod's requests (the larger
/// of its containers' sum and its largest init container) must fit the node's allocatable cpu and
/// memory less what the pods already bound there (not finished) request.
/// </summary>
internal static class ResourceFit
{
    private static readonly string[] Checked = ["cpu", "memory"];

    /// <summary>The FailedScheduling message when the pod does not fit, else null.</summary>
    public static string? Check(JsonObject pod, IEnumerable<JsonObject> boundPods, IReadOnlyDictionary<string, string> allocatable)
    {
        var insufficient = new List<string>();
        foreach (var resource in Checked)
        {
            if (!allocatable.TryGetValue(resource, out var total))
            {
                continue;
            }

            var wanted = Request(pod, resource);
            var used = boundPods.Sum(p => Request(p, resource));
            if (wanted > 0 && wanted > Parse(total) - used)
            {
                insufficient.Add(resource);
            }
        }

        if (insufficient.Count == 0)
        {
            return null;
        }

        var reasons = string.Join(", ", insufficient.Select(r => $"1 Insufficient {r}"));
        return $"0/1 nodes are available: {reasons}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    }

    private static decimal Request(JsonObject pod, string resource)
    {
        decimal Of(JsonObject c) => JsonPath.GetString(c, $"resources.requests.{resource}") is { } q ? Parse(q) : 0;
        var mains = (JsonPath.Get(pod, "spec.containers") as JsonArray)?.OfType<JsonObject>().Sum(Of) ?? 0;
        var inits = (JsonPath.Get(pod, "spec.initContainers") as JsonArray)?.OfType<JsonObject>().Select(Of).DefaultIfEmpty(0).Max() ?? 0;
        return Math.Max(mains, inits);
    }

    private static decimal Parse(string quantity) => new ResourceQuantity(quantity).ToDecimal();
}
