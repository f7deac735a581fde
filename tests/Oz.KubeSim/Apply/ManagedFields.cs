namespace Oz.KubeSim.Apply;

/// <summary>
/// Keeps metadata.managedFields as the API server's field manager does for non-apply writes: a
/// create or update records an Update entry for its manager owning the fields it set or changed,
/// and those fields leave every other manager; removed fields leave every manager.
/// </summary>
public static class ManagedFields
{
    public static List<ManagedFieldEntry> Read(JsonObject obj) =>
        (JsonPath.Get(obj, "metadata.managedFields") as JsonArray ?? []).Select(ManagedFieldEntry.Parse).OfType<ManagedFieldEntry>().ToList();

    /// <summary>Writes entries back, dropping those that own nothing (as the API server does).</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldEntry> entries)
    {
        var array = new JsonArray([.. entries.Where(e => e.Fields.Count > 0).Select(e => (JsonNode)e.ToJson())]);
        var meta = JsonPath.Metadata(obj);
        if (array.Count == 0)
        {
            meta.Remove("managedFields");
        }
        else
        {
            meta["managedFields"] = array;
        }
    }

    /// <summary>The schema cursor for an object of <paramref name="type"/>.</summary>
    public static SchemaCursor Schema(ResourceType type) => SchemaCursor.For(type.Schema, builtIn: !type.IsCustom);

    /// <summary>The top-level field a write through <paramref name="subresource"/> may set (status), or null for all.</summary>
    public static string? Only(string? subresource) => subresource == "status" ? "status" : null;

    /// <summary>The top-level field the main resource's strategy resets (status, when it is a subresource).</summary>
    public static string? Except(ResourceType type, string? subresource) => subresource is null && type.HasStatus ? "status" : null;

    /// <summary>Records a create or update by <paramref name="manager"/> from <paramref name="old"/> (null on create) to <paramref name="next"/>.</summary>
    public static void RecordUpdate(ResourceType type, JsonObject? old, JsonObject next, string manager, string? subresource, string now)
    {
        var schema = Schema(type);
        var entries = old is null ? [] : Read(old);
        var before = old is null ? new ObjectFields() : ObjectFields.Of(old, schema);
        var after = ObjectFields.Of(next, schema);
        var scoped = ObjectFields.Of(next, schema, Only(subresource), Except(type, subresource));
        var changed = scoped.Leaves.Where(l => !before.Leaves.TryGetValue(l.Key, out var was) || !JsonNode.DeepEquals(was, l.Value)).Select(l => l.Key)
            .Concat(scoped.Items.Where(i => !before.Items.Contains(i)))
            .Concat(scoped.Maps.Where(m => !before.Maps.Contains(m) && m != FieldPaths.Field("metadata")))
            .ToHashSet(StringComparer.Ordinal);
        var present = after.All.Concat(after.Maps).ToHashSet(StringComparer.Ordinal);
        var result = new List<ManagedFieldEntry>();
        var found = false;
        foreach (var entry in entries)
        {
            // Fields no longer in the object leave every manager.
            var fields = entry.Fields.Where(present.Contains).ToHashSet(StringComparer.Ordinal);
            if (entry.SameIdentity(manager, ManagedFieldEntry.Update, type.ApiVersion, subresource))
            {
                found = true;
                fields.UnionWith(changed);
                result.Add(entry with { Fields = fields, Time = changed.Count > 0 || fields.Count != entry.Fields.Count ? now : entry.Time });
            }
            else
            {
                fields.ExceptWith(changed);
                result.Add(fields.SetEquals(entry.Fields) ? entry : entry with { Fields = fields });
            }
        }

        if (!found && changed.Count > 0)
        {
            result.Add(new ManagedFieldEntry(manager, ManagedFieldEntry.Update, type.ApiVersion, now, subresource, changed));
        }

        Write(next, result);
    }
}
