namespace Oz.KubeSim.Patching;

/// <summary>RFC 7386 JSON merge patch (application/merge-patch+json).</summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObj)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObj ? (JsonObject)targetObj.DeepClone() : [];
        foreach (var (key, value) in patchObj)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
