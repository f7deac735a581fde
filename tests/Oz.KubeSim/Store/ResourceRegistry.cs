using System.Collections.Concurrent;

namespace Oz.KubeSim.Store;

/// <summary>Which resources are served: the built-ins plus one entry per served CRD version.</summary>
public sealed class ResourceRegistry
{
    private readonly ConcurrentDictionary<string, ResourceType> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<ResourceType>> _byCrd = new(StringComparer.Ordinal);

    public ResourceRegistry()
    {
        foreach (var type in BuiltInResources.All)
        {
            _types[Key(type.Group, type.Version, type.Plural)] = type;
        }
    }

    public ResourceType? Find(string group, string version, string plural) =>
        _types.TryGetValue(Key(group, version, plural), out var type) ? type : null;

    public IReadOnlyList<ResourceType> All => [.. _types.Values.OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Plural, StringComparer.Ordinal)];

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        _types.Values.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    /// <summary>Starts serving (or updates) the resources a CRD defines.</summary>
    public IReadOnlyList<ResourceType> AddCrd(JsonObject crd)
    {
        var name = JsonPath.GetString(crd, "metadata.name") ?? "";
        RemoveCrd(name);
        var spec = crd["spec"] as JsonObject ?? [];
        var group = JsonPath.GetString(spec, "group") ?? "";
        var names = spec["names"] as JsonObject ?? [];
        var plural = JsonPath.GetString(names, "plural") ?? "";
        var kind = JsonPath.GetString(names, "kind") ?? "";
        var namespaced = (JsonPath.GetString(spec, "scope") ?? "Namespaced") == "Namespaced";
        var shortNames = (names["shortNames"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToArray() ?? [];
        var categories = (names["categories"] as JsonArray)?.Select(n => n?.GetValue<string>() ?? "").ToArray() ?? [];
        var versions = spec["versions"] as JsonArray ?? [];
        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => JsonPath.GetBool(v, "storage") == true);
        var storageVersion = storage is null ? "" : JsonPath.GetString(storage, "name") ?? "";
        var added = new List<ResourceType>();
        foreach (var version in versions.OfType<JsonObject>())
        {
            if (JsonPath.GetBool(version, "served") == false)
            {
                continue;
            }

            var versionName = JsonPath.GetString(version, "name") ?? "";
            var subresources = new List<string>();
            if (JsonPath.Get(version, "subresources.status") is not null)
            {
                subresources.Add("status");
            }

            if (JsonPath.Get(version, "subresources.scale") is not null)
            {
                subresources.Add("scale");
            }

            var columns = (version["additionalPrinterColumns"] as JsonArray)?.OfType<JsonObject>()
                .Select(c => new PrinterColumn(
                    JsonPath.GetString(c, "name") ?? "",
                    JsonPath.GetString(c, "type") ?? "string",
                    JsonPath.GetString(c, "jsonPath") ?? "",
                    JsonPath.GetString(c, "format"),
                    JsonPath.GetString(c, "description") ?? "",
                    (int)(JsonPath.GetLong(c, "priority") ?? 0)))
                .ToArray() ?? [];
            var type = new ResourceType(group, versionName, plural, kind, namespaced)
            {
                Singular = JsonPath.GetString(names, "singular") ?? kind.ToLowerInvariant(),
                ShortNames = shortNames,
                Categories = categories,
                Subresources = subresources,
                Schema = JsonPath.Get(version, "schema.openAPIV3Schema")?.DeepClone() as JsonObject,
                PrinterColumns = columns,
                IsCustom = true,
                StorageVersion = storageVersion.Length > 0 ? storageVersion : versionName,
            };
            _types[Key(group, versionName, plural)] = type;
            added.Add(type);
        }

        _byCrd[name] = added;
        return added;
    }

    public void RemoveCrd(string crdName)
    {
        if (_byCrd.TryRemove(crdName, out var types))
        {
            foreach (var type in types)
            {
                _types.TryRemove(Key(type.Group, type.Version, type.Plural), out _);
            }
        }
    }

    private static string Key(string group, string version, string plural) => $"{group}/{version}/{plural}";
}
