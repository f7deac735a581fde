namespace Oz.KubeSim.Apply;

/// <summary>Converts a set of field paths to and from the FieldsV1 trie stored in managedFields.</summary>
public static class FieldsV1
{
    /// <summary>The trie; a path that is itself owned and has owned children, or is a list item, gets a "." entry.</summary>
    public static JsonObject From(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        var owned = paths.Order(StringComparer.Ordinal).ToList();
        foreach (var path in owned)
        {
            Node(root, path);
        }

        foreach (var path in owned)
        {
            var node = Node(root, path);
            if (path.Length > 0 && (FieldPaths.Elements(path)[^1].StartsWith("k:", StringComparison.Ordinal) || node.Count > 0))
            {
                node.Insert(0, ".", new JsonObject());
            }
        }

        return root;
    }

    private static JsonObject Node(JsonObject root, string path)
    {
        var node = root;
        foreach (var element in FieldPaths.Elements(path))
        {
            if (node[element] is not JsonObject child)
            {
                child = [];
                node[element] = child;
            }

            node = child;
        }

        return node;
    }

    public static HashSet<string> Parse(JsonNode? fields)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (fields is JsonObject obj)
        {
            Collect(obj, "", paths);
        }

        return paths;
    }

    private static void Collect(JsonObject node, string path, HashSet<string> paths)
    {
        foreach (var (key, child) in node)
        {
            if (key == ".")
            {
                paths.Add(path);
                continue;
            }

            var childPath = FieldPaths.Child(path, key);
            if (child is JsonObject { Count: > 0 } childObj)
            {
                Collect(childObj, childPath, paths);
            }
            else
            {
                paths.Add(childPath);
            }
        }
    }
}
