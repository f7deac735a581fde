namespace Oz.KubeSim.Apply;

/// <summary>
/// Merges an applied configuration into the live object: maps merge by key, associative lists by
/// their keys, sets by value; atomic lists and scalars are replaced. Nothing is removed here:
/// removal of fields the applier gave up is decided by ownership (<see cref="ServerSideApply"/>).
/// </summary>
public static class ApplyMerge
{
    public static JsonObject Merge(JsonObject live, JsonObject applied, SchemaCursor schema)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (key, value) in applied)
        {
            var childSchema = key == "metadata" ? SchemaCursor.For(null, builtIn: true) : schema.Property(key);
            result[key] = MergeValue(result[key], value, key, childSchema);
        }

        return result;
    }

    private static JsonNode? MergeValue(JsonNode? live, JsonNode? applied, string name, SchemaCursor schema)
    {
        switch (applied)
        {
            case JsonObject appliedObj when live is JsonObject liveObj:
                {
                    var result = (JsonObject)liveObj.DeepClone();
                    foreach (var (key, value) in appliedObj)
                    {
                        result[key] = MergeValue(result[key], value, key, schema.Property(key));
                    }

                    return result;
                }

            case JsonArray appliedList when live is JsonArray liveList:
                {
                    var (type, keys) = schema.List(name);
                    if (type == ListType.Set)
                    {
                        var result = (JsonArray)liveList.DeepClone();
                        foreach (var item in appliedList.Where(i => !liveList.Any(l => JsonNode.DeepEquals(l, i))))
                        {
                            result.Add(item?.DeepClone());
                        }

                        return result;
                    }

                    if (type == ListType.Map && appliedList.All(i => i is JsonObject) && liveList.All(i => i is JsonObject))
                    {
                        var result = (JsonArray)liveList.DeepClone();
                        foreach (var item in appliedList.OfType<JsonObject>())
                        {
                            var key = FieldPaths.Key(item, keys);
                            var index = result.Select((l, i) => (l, i)).FirstOrDefault(p => FieldPaths.Key((JsonObject)p.l!, keys) == key, (null, -1)).Item2;
                            if (index >= 0)
                            {
                                result[index] = MergeValue(result[index], item, name, schema.Items());
                            }
                            else
                            {
                                result.Add(item.DeepClone());
                            }
                        }

                        return result;
                    }

                    return appliedList.DeepClone();
                }

            default:
                return applied?.DeepClone();
        }
    }
}
