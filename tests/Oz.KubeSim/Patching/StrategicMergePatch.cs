namespace Oz.KubeSim.Patching;

/// <summary>
/// Strategic merge patch for built-in types: lists with a patch merge key in the Kubernetes API
/// (containers, env, volumes, …) merge element-wise by that key; finalizers merge as a set;
/// other lists are replaced. Supports the <c>$patch: delete|replace</c> directives.
/// </summary>
public static class StrategicMergePatch
{
    internal static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["containerStatuses"] = "name",
        ["initContainerStatuses"] = "name",
    };

    internal static readonly HashSet<string> SetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObj)
        {
            return patch?.DeepClone();
        }

        if (patchObj["$patch"] is JsonValue directive && directive.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)patchObj.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }

        var result = target is JsonObject targetObj ? (JsonObject)targetObj.DeepClone() : [];
        foreach (var (key, value) in patchObj)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list && result[key] is JsonArray existing)
            {
                result[key] = MergeList(key, existing, list);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }

    private static JsonArray MergeList(string field, JsonArray existing, JsonArray patch)
    {
        if (SetLists.Contains(field))
        {
            var merged = (JsonArray)existing.DeepClone();
            foreach (var item in patch)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }

            return merged;
        }

        if (!MergeKeys.TryGetValue(field, out var mergeKey))
        {
            return (JsonArray)StripDirectives(patch)!;
        }

        var result = (JsonArray)existing.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[mergeKey];
            var index = IndexOf(result, mergeKey, keyValue);
            var delete = item["$patch"] is JsonValue d && d.GetValue<string>() == "delete";
            if (delete)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = Apply(result[index], item);
            }
            else
            {
                result.Add(StripDirectives(item));
            }
        }

        return result;
    }

    private static int IndexOf(JsonArray list, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject obj && JsonNode.DeepEquals(obj[mergeKey], keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonNode? StripDirectives(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!key.StartsWith('$'))
                    {
                        copy[key] = StripDirectives(value);
                    }
                }

                return copy;
            case JsonArray arr:
                return new JsonArray([.. arr.Select(StripDirectives)]);
            default:
                return node?.DeepClone();
        }
    }
}
