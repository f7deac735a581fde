namespace Oz.KubeSim.Api;

/// <summary>The apiVersion and kind of a written object, checked against the resource it is written to and set as the server stores them.</summary>
internal static class ApiVersionKind
{
    /// <summary>Refuses a body of another kind or group; sets apiVersion and kind (first, like the API server's encoder).</summary>
    public static void Normalize(ResourceType type, JsonObject obj)
    {
        var apiVersion = JsonPath.GetString(obj, "apiVersion");
        var kind = JsonPath.GetString(obj, "kind");
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion && !(type.IsCustom && apiVersion.StartsWith(type.Group + "/", StringComparison.Ordinal)))
        {
            throw StatusObjects.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        // Keep property order apiVersion, kind, metadata first, like the API server's encoder.
        var rest = obj.Where(p => p.Key is not ("apiVersion" or "kind")).ToList();
        obj.Clear();
        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
        foreach (var (key, value) in rest)
        {
            obj[key] = value;
        }
    }
}
