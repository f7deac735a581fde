namespace Oz.KubeSim.Patching;

/// <summary>RFC 6902 JSON patch (application/json-patch+json).</summary>
public static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var doc = target.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>() ?? throw Bad("missing op");
            var path = op["path"]?.GetValue<string>() ?? throw Bad("missing path");
            switch (kind)
            {
                case "add":
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(doc, path);
                    break;
                case "replace":
                    Remove(doc, path);
                    doc = Add(doc, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Bad("missing from");
                        var value = Resolve(doc, from)?.DeepClone();
                        Remove(doc, from);
                        doc = Add(doc, path, value);
                        break;
                    }

                case "copy":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw Bad("missing from");
                        doc = Add(doc, path, Resolve(doc, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw Bad($"Unexpected kind: {kind}");
            }
        }

        return doc;
    }

    private static ApiException Bad(string message) => StatusObjects.BadRequest($"the server rejected our request due to an error in our request: {message}");

    private static List<string> Split(string pointer) =>
        pointer.Length == 0 ? [] : [.. pointer[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var part in Split(pointer))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(part, out var child) => child,
                JsonArray arr when int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < arr.Count => arr[i],
                _ => throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch path {pointer} not found"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode doc, string pointer, JsonNode? value)
    {
        var parts = Split(pointer);
        if (parts.Count == 0)
        {
            return value ?? throw Bad("null document");
        }

        var parent = Resolve(doc, "/" + string.Join('/', parts[..^1].Select(Escape)));
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray arr when last == "-":
                arr.Add(value);
                break;
            case JsonArray arr when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i <= arr.Count:
                arr.Insert(i, value);
                break;
            default:
                throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: add operation does not apply: doc is missing path: \"{pointer}\"");
        }

        return doc;
    }

    private static void Remove(JsonNode doc, string pointer)
    {
        var parts = Split(pointer);
        var parent = Resolve(doc, "/" + string.Join('/', parts[..^1].Select(Escape)));
        var last = parts[^1];
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray arr when int.TryParse(last, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < arr.Count => RemoveAt(arr, i),
            _ => false,
        };
        if (!removed)
        {
            throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: \"{pointer}\"");
        }
    }

    private static bool RemoveAt(JsonArray arr, int index)
    {
        arr.RemoveAt(index);
        return true;
    }

    private static string Escape(string part) => part.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
