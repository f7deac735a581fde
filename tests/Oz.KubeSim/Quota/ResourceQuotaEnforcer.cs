using Oz.KubeSim.Admission;
using Oz.KubeSim.Security;

namespace Oz.KubeSim.Quota;

/// <summary>
/// ResourceQuota for object counts: the admission plugin refuses a create that would take a
/// namespace over a quota's hard count (403 "exceeded quota"), and the quota controller's part —
/// status.hard and status.used — is recomputed whenever objects of the namespace come or go.
/// Usage is counted from the store, so it is exact rather than eventually consistent; compute
/// quotas (requests.cpu, limits.memory…) are kept in status.hard but neither counted nor enforced.
/// </summary>
public sealed class ResourceQuotaEnforcer(ObjectStore store, ResourceRegistry registry) : IAdmissionRule
{
    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Create || !request.Type.Namespaced)
        {
            return AdmissionDecision.Allow;
        }

        // A pod created finished is charged to count/pods only: "pods" counts the live ones.
        var keys = QuotaKeys.For(request.Type).Where(key => !(CountsLivePodsOnly(request.Type, key) && IsTerminal(request.Object))).ToHashSet(StringComparer.Ordinal);
        foreach (var quota in store.List(SecurityResources.ResourceQuotas, request.Namespace).Items)
        {
            var hard = Hard(quota.ToJsonObject());
            var exceeded = new SortedDictionary<string, (long Used, long Limit)>(StringComparer.Ordinal);
            foreach (var (key, limit) in hard.Where(h => keys.Contains(h.Key)))
            {
                var used = Count(request.Type, key, request.Namespace);
                if (used + 1 > limit)
                {
                    exceeded[key] = (used, limit);
                }
            }

            if (exceeded.Count > 0)
            {
                string Joined(Func<KeyValuePair<string, (long Used, long Limit)>, long> value) =>
                    string.Join(",", exceeded.Select(e => $"{e.Key}={value(e).ToString(CultureInfo.InvariantCulture)}"));
                var message = $"exceeded quota: {quota.Name}, requested: {Joined(_ => 1)}, used: {Joined(e => e.Value.Used)}, limited: {Joined(e => e.Value.Limit)}";
                var subject = string.IsNullOrEmpty(request.Name) ? request.Type.GroupResource : $"{request.Type.GroupResource} \"{request.Name}\"";
                return AdmissionDecision.Deny(new ApiException(403, "Forbidden", $"{subject} is forbidden: {message}", StatusObjects.Details(request.Type, request.Name)));
            }
        }

        return AdmissionDecision.Allow;
    }

    /// <summary>Recomputes status.hard/status.used of the namespace's quotas. Runs inside the store's write lock.</summary>
    public void Refresh(string ns)
    {
        if (ns.Length == 0)
        {
            return;
        }

        foreach (var quota in store.List(SecurityResources.ResourceQuotas, ns).Items)
        {
            var obj = quota.ToJsonObject();
            var hardSpec = JsonPath.Get(obj, "spec.hard") as JsonObject ?? [];
            var used = new JsonObject();
            foreach (var (key, _) in hardSpec.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                if (QuotaKeys.Counted(key, registry) is { } counted)
                {
                    used[key] = Count(counted, key, ns).ToString(CultureInfo.InvariantCulture);
                }
            }

            var status = new JsonObject { ["hard"] = hardSpec.DeepClone(), ["used"] = used };
            if (!JsonNode.DeepEquals(status, obj["status"]))
            {
                obj["status"] = status;
                JsonPath.Metadata(obj)["resourceVersion"] = null;
                store.Put(SecurityResources.ResourceQuotas, obj);
            }
        }
    }

    private long Count(ResourceType type, string key, string ns)
    {
        var items = store.List(type, ns).Items;
        return CountsLivePodsOnly(type, key) ? items.Count(p => !IsTerminal(p.ToJsonObject())) : items.Count;
    }

    /// <summary>
    /// The legacy "pods" quota counts the pods that have not finished, as the API server's pod
    /// evaluator does; count/pods counts every stored pod, finished or not.
    /// </summary>
    private static bool CountsLivePodsOnly(ResourceType type, string key) => type == BuiltInResources.Pods && key == "pods";

    private static bool IsTerminal(JsonObject pod) => JsonPath.GetString(pod, "status.phase") is "Succeeded" or "Failed";

    private static Dictionary<string, long> Hard(JsonObject quota)
    {
        var hard = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in JsonPath.Get(quota, "spec.hard") as JsonObject ?? [])
        {
            if (value is JsonValue v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
            {
                hard[key] = limit;
            }
        }

        return hard;
    }
}
