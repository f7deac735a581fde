namespace Oz.KubeSim.Json;

/// <summary>Small helpers to read and write dotted paths in JSON objects.</summary>
public static class JsonPath
{
    public static JsonNode? Get(JsonNode? node, string dottedPath)
    {
        foreach (var part in dottedPath.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? GetString(JsonNode? node, string dottedPath) =>
        Get(node, dottedPath) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? GetLong(JsonNode? node, string dottedPath) =>
        Get(node, dottedPath) is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    public static bool? GetBool(JsonNode? node, string dottedPath) =>
        Get(node, dottedPath) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Returns the object at the path, creating empty objects on the way.</summary>
    public static JsonObject Ensure(JsonObject root, string dottedPath)
    {
        var current = root;
        foreach (var part in dottedPath.Split('.'))
        {
            if (current[part] is JsonObject next)
            {
                current = next;
                continue;
            }

            next = [];
            current[part] = next;
            current = next;
        }

        return current;
    }

    public static JsonObject Metadata(JsonObject obj) => Ensure(obj, "metadata");

    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                map[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            }
        }

        return map;
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string MicroTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
