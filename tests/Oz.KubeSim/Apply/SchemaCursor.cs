using Oz.KubeSim.Patching;

namespace Oz.KubeSim.Apply;

/// <summary>
/// Where a walk is in an object's schema, to tell a list's type: a custom resource's structural
/// schema (x-kubernetes-list-type, x-kubernetes-list-map-keys), or for built-in types the patch
/// merge keys of the Kubernetes API by field name (containers by name, env by name, …).
/// </summary>
public sealed record SchemaCursor(JsonObject? Schema, bool BuiltIn)
{
    public static SchemaCursor For(JsonObject? schema, bool builtIn) => new(schema, builtIn);

    public SchemaCursor Property(string name)
    {
        if (BuiltIn)
        {
            return this;
        }

        var child = (Schema?["properties"] as JsonObject)?[name] as JsonObject ?? Schema?["additionalProperties"] as JsonObject;
        return this with { Schema = child };
    }

    public SchemaCursor Items() => BuiltIn ? this : this with { Schema = Schema?["items"] as JsonObject };

    /// <summary>The list type and map keys of the list held in field <paramref name="field"/> at this cursor.</summary>
    public (ListType Type, IReadOnlyList<string> Keys) List(string field)
    {
        if (BuiltIn)
        {
            if (StrategicMergePatch.SetLists.Contains(field))
            {
                return (ListType.Set, []);
            }

            return StrategicMergePatch.MergeKeys.TryGetValue(field, out var key) ? (ListType.Map, [key]) : (ListType.Atomic, []);
        }

        return JsonPath.GetString(Schema, "x-kubernetes-list-type") switch
        {
            "set" => (ListType.Set, []),
            "map" when Schema?["x-kubernetes-list-map-keys"] is JsonArray keys => (ListType.Map, keys.Select(k => k?.GetValue<string>() ?? "").ToList()),
            _ => (ListType.Atomic, []),
        };
    }
}
