namespace Oz.KubeSim.Apply;

/// <summary>
/// Server-side apply (application/apply-patch+yaml): the applier owns exactly the fields of its
/// configuration; a field another manager owns with a different value is a conflict unless forced
/// (then ownership moves); fields the applier owned before, no longer applies and nobody else owns
/// are removed from the object.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The object after applying <paramref name="applied"/> to <paramref name="live"/>, managedFields included.</summary>
    public static JsonObject Apply(ResourceType type, JsonObject live, JsonObject applied, string manager, bool force, string? subresource, string now)
    {
        RejectManagedFields(applied);
        var schema = ManagedFields.Schema(type);
        var only = ManagedFields.Only(subresource);
        var except = ManagedFields.Except(type, subresource);
        var appliedFields = ObjectFields.Of(applied, schema, only, except);
        var liveFields = ObjectFields.Of(live, schema);
        var entries = ManagedFields.Read(live);
        var mine = entries.FindIndex(e => e.SameIdentity(manager, ManagedFieldEntry.Apply, type.ApiVersion, subresource));

        var conflicts = new List<ApplyConflict>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (i == mine)
            {
                continue;
            }

            foreach (var path in entries[i].Fields.Order(StringComparer.Ordinal))
            {
                if (appliedFields.Leaves.TryGetValue(path, out var value) && liveFields.Leaves.TryGetValue(path, out var current) && !JsonNode.DeepEquals(value, current))
                {
                    conflicts.Add(new ApplyConflict(entries[i], path));
                }
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw ApplyConflicts.Error(conflicts);
        }

        // Forcing takes the conflicting fields away from their owners.
        for (var i = 0; i < entries.Count; i++)
        {
            var taken = conflicts.Where(c => ReferenceEquals(c.Owner, entries[i])).Select(c => c.Path).ToList();
            if (taken.Count > 0)
            {
                entries[i] = entries[i] with { Fields = entries[i].Fields.Except(taken).ToHashSet(StringComparer.Ordinal) };
            }
        }

        var merged = ApplyMerge.Merge(live, Scope(applied, only, except), schema);
        var ownedByOthers = entries.Where((_, i) => i != mine).SelectMany(e => e.Fields).ToHashSet(StringComparer.Ordinal);
        var nowOwned = appliedFields.All.ToHashSet(StringComparer.Ordinal);
        var previous = mine >= 0 ? entries[mine].Fields : [];
        bool Owned(string path) => nowOwned.Contains(path) || ownedByOthers.Contains(path) || nowOwned.Any(p => FieldPaths.IsUnder(p, path)) || ownedByOthers.Any(p => FieldPaths.IsUnder(p, path));
        foreach (var path in previous.Where(p => !Owned(p)).OrderByDescending(p => p.Length))
        {
            FieldRemover.Remove(merged, path, Owned);
        }

        var changed = !JsonNode.DeepEquals(Content(merged), Content(live)) || mine < 0 || !entries[mine].Fields.SetEquals(nowOwned);
        var entry = new ManagedFieldEntry(manager, ManagedFieldEntry.Apply, type.ApiVersion, changed ? now : entries[mine].Time, subresource, nowOwned);
        if (mine >= 0)
        {
            entries[mine] = entry;
        }
        else
        {
            entries.Add(entry);
        }

        ManagedFields.Write(merged, entries);
        return merged;
    }

    /// <summary>The managedFields entries for an object created by an apply.</summary>
    public static void RecordCreate(ResourceType type, JsonObject obj, string manager, string now)
    {
        var fields = ObjectFields.Of(obj, ManagedFields.Schema(type), null, ManagedFields.Except(type, null));
        ManagedFields.Write(obj, [new ManagedFieldEntry(manager, ManagedFieldEntry.Apply, type.ApiVersion, now, null, fields.All.ToHashSet(StringComparer.Ordinal))]);
    }

    private static void RejectManagedFields(JsonObject applied)
    {
        if (JsonPath.Get(applied, "metadata.managedFields") is not null)
        {
            throw StatusObjects.BadRequest("metadata.managedFields must be nil");
        }
    }

    private static JsonObject Scope(JsonObject applied, string? only, string? except)
    {
        var scoped = new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (key == except || (only is not null && key != only && key is not ("apiVersion" or "kind")))
            {
                continue;
            }

            scoped[key] = value?.DeepClone();
        }

        return scoped;
    }

    private static JsonObject Content(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        JsonPath.Metadata(copy).Remove("managedFields");
        return copy;
    }
}
