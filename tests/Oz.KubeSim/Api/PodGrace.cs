namespace Oz.KubeSim.Api;

/// <summary>
/// Graceful pod deletion as the pod registry does it: a pod bound to a node and not finished gets a
/// deletionTimestamp of now + grace (the request's gracePeriodSeconds, else the pod's
/// terminationGracePeriodSeconds, 30 by default) and stays until the kubelet has stopped it. A pod
/// never scheduled or already Succeeded/Failed, or a grace of 0, is deleted at once. A second delete
/// may shorten the grace period, never lengthen it.
/// </summary>
internal static class PodGrace
{
    public const long DefaultSeconds = 30;

    /// <summary>The grace period this delete gives, 0 when the pod goes at once (not a pod: 0).</summary>
    public static long Of(ResourceType type, JsonObject pod, long? requested)
    {
        if (type != BuiltInResources.Pods)
        {
            return 0;
        }

        var scheduled = !string.IsNullOrEmpty(JsonPath.GetString(pod, "spec.nodeName"));
        var finished = JsonPath.GetString(pod, "status.phase") is "Succeeded" or "Failed";
        if (!scheduled || finished)
        {
            return 0;
        }

        var grace = requested ?? JsonPath.GetLong(pod, "spec.terminationGracePeriodSeconds") ?? DefaultSeconds;
        return Math.Max(0, grace);
    }

    /// <summary>Marks the pod Terminating (inside the store lock); null when it already is, at an equal or shorter grace.</summary>
    public static StoredObject? Mark(ObjectStore s, ResourceType type, JsonObject pod, long grace, DateTimeOffset now)
    {
        var meta = JsonPath.Metadata(pod);
        if (meta["deletionTimestamp"] is not null && (JsonPath.GetLong(meta, "deletionGracePeriodSeconds") ?? 0) <= grace)
        {
            return null;
        }

        if (meta["deletionTimestamp"] is null)
        {
            DeletionRules.BumpGeneration(meta);
        }

        meta["deletionTimestamp"] = JsonPath.Timestamp(now.AddSeconds(grace));
        meta["deletionGracePeriodSeconds"] = grace;
        return s.Put(type, pod);
    }
}
