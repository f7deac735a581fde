namespace Oz.KubeSim.Events;

/// <summary>
/// core/v1 and events.k8s.io/v1 Events are two views of one stored object, as in Kubernetes
/// (pkg/apis/events/v1 conversion): regarding↔involvedObject, note↔message,
/// reportingController↔reportingComponent, deprecatedSource↔source,
/// deprecatedFirstTimestamp↔firstTimestamp, deprecatedLastTimestamp↔lastTimestamp,
/// deprecatedCount↔count; every other field has the same name. Storage is core/v1.
/// </summary>
public static class EventConversion
{
    private static readonly (string EventsV1, string Core)[] Renames =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    private static readonly (string EventsV1, string Core)[] FieldLabels =
    [
        ("regarding.", "involvedObject."),
        ("reportingController", "reportingComponent"),
    ];

    /// <summary>True for the events.k8s.io view, whose writes and reads go through the core/v1 storage.</summary>
    public static bool IsEventsV1(ResourceType type) => type.Group == BuiltInResources.EventsV1.Group && type.Plural == "events";

    /// <summary>An events.k8s.io/v1 Event (or a partial one: a merge patch, an apply configuration) in core/v1 terms.</summary>
    public static JsonObject ToCore(JsonObject eventsV1) => Rename(eventsV1, r => r.EventsV1, r => r.Core, BuiltInResources.Events.ApiVersion);

    /// <summary>A stored core/v1 Event seen through events.k8s.io/v1.</summary>
    public static JsonObject ToEventsV1(JsonObject core) => Rename(core, r => r.Core, r => r.EventsV1, BuiltInResources.EventsV1.ApiVersion);

    /// <summary>A JSON patch on the events.k8s.io view, with its paths in core/v1 terms.</summary>
    public static JsonArray ToCore(JsonArray jsonPatch)
    {
        var result = new JsonArray();
        foreach (var op in jsonPatch)
        {
            var copy = op?.DeepClone();
            if (copy is JsonObject obj)
            {
                foreach (var key in new[] { "path", "from" })
                {
                    if (obj[key] is JsonValue v && v.TryGetValue<string>(out var path))
                    {
                        obj[key] = CorePointer(path);
                    }
                }

                if (obj["value"] is JsonObject value && obj["path"]?.GetValue<string>() == "")
                {
                    obj["value"] = ToCore(value);
                }
            }

            result.Add(copy);
        }

        return result;
    }

    /// <summary>An events.k8s.io field selector label in core/v1 terms (regarding.name → involvedObject.name).</summary>
    public static string CoreFieldLabel(string label)
    {
        foreach (var (eventsV1, core) in FieldLabels)
        {
            if (label.StartsWith(eventsV1, StringComparison.Ordinal))
            {
                return core + label[eventsV1.Length..];
            }
        }

        return label;
    }

    private static string CorePointer(string pointer)
    {
        var parts = pointer.Split('/');
        if (parts.Length > 1)
        {
            parts[1] = Renames.FirstOrDefault(r => r.EventsV1 == parts[1]).Core ?? parts[1];
        }

        return string.Join('/', parts);
    }

    private static JsonObject Rename(JsonObject source, Func<(string EventsV1, string Core), string> from, Func<(string EventsV1, string Core), string> to, string apiVersion)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source)
        {
            var rename = Renames.FirstOrDefault(r => from(r) == key);
            var name = rename == default ? key : to(rename);
            result[name] = name == "apiVersion" && value is not null ? apiVersion : value?.DeepClone();
        }

        return result;
    }
}
