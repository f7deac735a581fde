namespace Oz.KubeSim.Api;

/// <summary>
/// Pod spec immutability on update (ValidatePodUpdate): only container and init container images,
/// activeDeadlineSeconds, added tolerations and a negative terminationGracePeriodSeconds set to 1
/// may change; anything else is one Forbidden error on "spec" with the API server's wording.
/// </summary>
internal static class PodUpdateValidation
{
    public const string Message =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static IEnumerable<FieldError> Validate(JsonObject pod, JsonObject old)
    {
        var next = (JsonPath.Get(pod, "spec") as JsonObject)?.DeepClone() as JsonObject ?? [];
        var previous = (JsonPath.Get(old, "spec") as JsonObject)?.DeepClone() as JsonObject ?? [];

        // The body of an update is defaulted like a create; fields it leaves out take their defaults.
        ObjectDefaults.DefaultPodSpec(next);
        ObjectDefaults.DefaultPodSpec(previous);
        foreach (var spec in new[] { next, previous })
        {
            foreach (var list in new[] { "containers", "initContainers" })
            {
                foreach (var container in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    container.Remove("image");
                }
            }

            spec.Remove("activeDeadlineSeconds");
        }

        if (!TolerationsOnlyAdded(previous["tolerations"] as JsonArray, next["tolerations"] as JsonArray))
        {
            return [FieldError.Forbidden("spec", Message)];
        }

        next.Remove("tolerations");
        previous.Remove("tolerations");
        if (JsonPath.GetLong(previous, "terminationGracePeriodSeconds") is < 0 && JsonPath.GetLong(next, "terminationGracePeriodSeconds") == 1)
        {
            next["terminationGracePeriodSeconds"] = previous["terminationGracePeriodSeconds"]!.DeepClone();
        }

        // The binding (spec.nodeName) is written by the scheduler through its own path, not by updates.
        next["nodeName"] = previous["nodeName"]?.DeepClone();
        if (next["nodeName"] is null)
        {
            next.Remove("nodeName");
            previous.Remove("nodeName");
        }

        return JsonNode.DeepEquals(next, previous) ? [] : [FieldError.Forbidden("spec", Message)];
    }

    private static bool TolerationsOnlyAdded(JsonArray? old, JsonArray? next)
    {
        var before = old?.ToList() ?? [];
        var after = next?.ToList() ?? [];
        return before.All(t => after.Any(n => JsonNode.DeepEquals(n, t)));
    }
}
