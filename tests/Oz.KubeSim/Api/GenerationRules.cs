namespace Oz.KubeSim.Api;

/// <summary>When metadata.generation goes up: on a change of anything but metadata (and status, where it is a subresource).</summary>
internal static class GenerationRules
{
    public static bool SpecChanged(ResourceType type, JsonObject old, JsonObject next)
    {
        foreach (var (key, value) in next)
        {
            if (key is "metadata" or "apiVersion" or "kind" || (key == "status" && type.HasStatus))
            {
                continue;
            }

            if (!JsonNode.DeepEquals(value, old[key]))
            {
                return true;
            }
        }

        return old.Any(p => p.Key is not ("metadata" or "apiVersion" or "kind") && !(p.Key == "status" && type.HasStatus) && !next.ContainsKey(p.Key));
    }
}
