namespace Oz.KubeSim.Apply;

/// <summary>
/// The fields an object sets, as server-side apply counts them: every leaf (scalar, atomic list,
/// empty object, set element) with its value, and every element of an associative list as an item.
/// </summary>
public sealed class ObjectFields
{
    private static readonly HashSet<string> UntrackedMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink", "generateName",
    ];

    public Dictionary<string, JsonNode?> Leaves { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Non-empty maps: an Update that creates one owns it too (its "." entry), an applier does not.</summary>
    public HashSet<string> Maps { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> All => Leaves.Keys.Concat(Items);

    /// <summary>
    /// The fields of <paramref name="obj"/>; <paramref name="only"/> and <paramref name="except"/>
    /// restrict them to or away from top-level fields the request's strategy resets (status, spec).
    /// </summary>
    public static ObjectFields Of(JsonObject obj, SchemaCursor schema, string? only = null, string? except = null)
    {
        var fields = new ObjectFields();
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind" || (only is not null && key != only && key != "metadata") || key == except)
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject meta)
            {
                if (only is not null)
                {
                    continue;
                }

                if (meta.Any(p => !UntrackedMetadata.Contains(p.Key)))
                {
                    fields.Maps.Add(FieldPaths.Field("metadata"));
                }

                foreach (var (metaKey, metaValue) in meta)
                {
                    if (!UntrackedMetadata.Contains(metaKey))
                    {
                        fields.Walk(metaValue, metaKey, FieldPaths.Child(FieldPaths.Field("metadata"), FieldPaths.Field(metaKey)), SchemaCursor.For(null, builtIn: true));
                    }
                }

                continue;
            }

            fields.Walk(value, key, FieldPaths.Field(key), schema.Property(key));
        }

        return fields;
    }

    private void Walk(JsonNode? value, string name, string path, SchemaCursor schema)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0:
                Maps.Add(path);
                foreach (var (key, child) in obj)
                {
                    Walk(child, key, FieldPaths.Child(path, FieldPaths.Field(key)), schema.Property(key));
                }

                break;
            case JsonArray arr when arr.Count > 0:
                var (type, keys) = schema.List(name);
                if (type == ListType.Set)
                {
                    foreach (var item in arr)
                    {
                        Leaves[FieldPaths.Child(path, FieldPaths.Value(item))] = item;
                    }
                }
                else if (type == ListType.Map && arr.All(i => i is JsonObject))
                {
                    foreach (var item in arr.OfType<JsonObject>())
                    {
                        var itemPath = FieldPaths.Child(path, FieldPaths.Key(item, keys));
                        Items.Add(itemPath);
                        foreach (var (key, child) in item)
                        {
                            Walk(child, key, FieldPaths.Child(itemPath, FieldPaths.Field(key)), schema.Items().Property(key));
                        }
                    }
                }
                else
                {
                    Leaves[path] = arr;
                }

                break;
            default:
                Leaves[path] = value;
                break;
        }
    }
}
