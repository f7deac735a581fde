namespace Oz.KubeSim.Quota;

/// <summary>The object-count quota names that count a resource: count/RESOURCE[.GROUP] and the legacy core names.</summary>
public static class QuotaKeys
{
    private static readonly HashSet<string> LegacyCoreNames = new(StringComparer.Ordinal)
    {
        "pods", "services", "configmaps", "secrets", "replicationcontrollers", "resourcequotas", "persistentvolumeclaims",
    };

    public static IEnumerable<string> For(ResourceType type)
    {
        yield return type.Group.Length == 0 ? $"count/{type.Plural}" : $"count/{type.Plural}.{type.Group}";
        if (type.Group.Length == 0 && LegacyCoreNames.Contains(type.Plural))
        {
            yield return type.Plural;
        }
    }

    /// <summary>The resource a count key names, or null for compute quotas (requests.cpu…) the simulator does not count.</summary>
    public static ResourceType? Counted(string key, ResourceRegistry registry)
    {
        var resource = key.StartsWith("count/", StringComparison.Ordinal) ? key["count/".Length..] : LegacyCoreNames.Contains(key) ? key : null;
        if (resource is null)
        {
            return null;
        }

        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var (plural, group) = dot < 0 ? (resource, "") : (resource[..dot], resource[(dot + 1)..]);
        return registry.All.FirstOrDefault(t => t.Plural == plural && t.Group == group && (!t.IsCustom || t.Version == t.StorageVersion || t.StorageVersion.Length == 0));
    }
}
