using System.Text.Json;

namespace Oz.KubeSim.Store;

/// <summary>
/// An immutable stored version of one object: its serialized JSON plus the few facts indexes and
/// selectors need. Immutable so readers and watchers share it without copying or locking.
/// </summary>
public sealed class StoredObject
{
    private static readonly string[] IndexedFields =
    [
        "status.phase", "spec.nodeName", "involvedObject.kind", "involvedObject.name", "involvedObject.namespace",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reportingComponent", "reason", "type",
    ];

    private StoredObject(ResourceType type, JsonObject obj, long resourceVersion)
    {
        Type = type;
        ResourceVersion = resourceVersion;
        var meta = obj["metadata"] as JsonObject ?? [];
        Namespace = JsonPath.GetString(meta, "namespace") ?? "";
        Name = JsonPath.GetString(meta, "name") ?? "";
        Uid = JsonPath.GetString(meta, "uid") ?? "";
        Labels = JsonPath.StringMap(meta["labels"]);
        OwnerUids = (meta["ownerReferences"] as JsonArray)?.OfType<JsonObject>()
            .Select(o => JsonPath.GetString(o, "uid") ?? "").Where(u => u.Length > 0).ToArray() ?? [];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = Name,
            ["metadata.namespace"] = Namespace,
        };
        foreach (var field in IndexedFields)
        {
            if (JsonPath.Get(obj, field) is JsonValue v)
            {
                fields[field] = v.ToString();
            }
        }

        Fields = fields;
        Json = JsonSerializer.SerializeToUtf8Bytes(obj);
    }

    public ResourceType Type { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public long ResourceVersion { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>The object as UTF-8 JSON, exactly as served.</summary>
    public byte[] Json { get; }

    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;

    /// <summary>Freezes an object at a resource version (which is written into its metadata).</summary>
    public static StoredObject Create(ResourceType type, JsonObject obj, long resourceVersion)
    {
        JsonPath.Metadata(obj)["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new StoredObject(type, obj, resourceVersion);
    }
}
