namespace Oz.KubeSim.Apply;

/// <summary>
/// Removes a field (or a list item, or a set value) named by a field path from an object, and the
/// maps and lists that only held it, unless they are owned in their own right.
/// </summary>
public static class FieldRemover
{
    public static void Remove(JsonObject obj, string path, Func<string, bool> owned) =>
        RemoveAt(obj, FieldPaths.Elements(path), 0, "", owned);

    private static void RemoveAt(JsonNode container, string[] elements, int i, string prefix, Func<string, bool> owned)
    {
        var element = elements[i];
        var childPath = FieldPaths.Child(prefix, element);
        var (child, remove) = Locate(container, element);
        if (remove is null)
        {
            return;
        }

        if (i == elements.Length - 1)
        {
            remove();
            return;
        }

        if (child is null)
        {
            return;
        }

        RemoveAt(child, elements, i + 1, childPath, owned);
        var emptied = child is JsonObject { Count: 0 } || child is JsonArray { Count: 0 };
        if (emptied && i > 0 && !owned(childPath))
        {
            remove();
        }
    }

    private static (JsonNode? Child, Action? Remove) Locate(JsonNode container, string element)
    {
        var kind = element[..2];
        var text = element[2..];
        if (kind == "f:" && container is JsonObject obj && obj.ContainsKey(text))
        {
            return (obj[text], () => obj.Remove(text));
        }

        if (container is not JsonArray list)
        {
            return (null, null);
        }

        for (var index = 0; index < list.Count; index++)
        {
            var item = list[index];
            var matches = kind switch
            {
                "k:" => item is JsonObject itemObj && JsonNode.Parse(text) is JsonObject key && key.All(p => JsonNode.DeepEquals(itemObj[p.Key], p.Value)),
                "v:" => JsonNode.DeepEquals(item, JsonNode.Parse(text)),
                _ => false,
            };
            if (matches)
            {
                var at = index;
                return (item, () => list.RemoveAt(at));
            }
        }

        return (null, null);
    }
}
