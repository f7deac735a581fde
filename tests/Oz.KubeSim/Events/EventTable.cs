using System.Globalization;
using System.Text.Json.Nodes;
using Oz.KubeSim.Api;
using Oz.KubeSim.Json;
using Oz.KubeSim.Store;

namespace Oz.KubeSim.Events;

/// <summary>
/// Server-side printing of Events (both views), as the API server's event printer: Last Seen, Type,
/// Reason, Object (kind/name), Message, plus the -o wide columns Subobject, Source, First Seen, Count, Name.
/// </summary>
internal static class EventTable
{
    public static IReadOnlyList<PrinterColumn> Columns { get; } =
    [
        new("Last Seen", "string", "", null, "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "", null, "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "", null, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "", null, "The object that this event is about."),
        new("Subobject", "string", "", null, "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", 1),
        new("Source", "string", "", null, "The component reporting this event. Should be a short machine understandable string.", 1),
        new("Message", "string", "", null, "A human-readable description of the status of this operation."),
        new("First Seen", "string", "", null, "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        new("Count", "string", "", null, "The number of times this event has occurred.", 1),
        new("Name", "string", "", "name", "Name must be unique within a namespace.", 1),
    ];

    public static bool Serves(ResourceType type) => type.Kind == "Event" && (type.Group.Length == 0 || EventConversion.IsEventsV1(type));

    public static JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var core = JsonPath.GetString(obj, "apiVersion") == BuiltInResources.EventsV1.ApiVersion ? EventConversion.ToCore(obj) : obj;
        var first = Since(JsonPath.GetString(core, "firstTimestamp"), now) ?? Since(JsonPath.GetString(core, "eventTime"), now) ?? "<unknown>";
        var last = Since(JsonPath.GetString(core, "lastTimestamp"), now) ?? first;
        var count = JsonPath.GetLong(core, "count") ?? 0;
        if (core["series"] is JsonObject series)
        {
            last = Since(JsonPath.GetString(series, "lastObservedTime"), now) ?? last;
            count = JsonPath.GetLong(series, "count") ?? count;
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = (JsonPath.GetString(core, "involvedObject.kind") ?? "").ToLowerInvariant();
        var name = JsonPath.GetString(core, "involvedObject.name") ?? "";
        var component = First(JsonPath.GetString(core, "source.component"), JsonPath.GetString(core, "reportingComponent"));
        var instance = First(JsonPath.GetString(core, "source.host"), JsonPath.GetString(core, "reportingInstance"));
        return
        [
            last,
            JsonPath.GetString(core, "type") ?? "",
            JsonPath.GetString(core, "reason") ?? "",
            name.Length > 0 ? $"{kind}/{name}" : kind,
            JsonPath.GetString(core, "involvedObject.fieldPath") ?? "",
            instance.Length == 0 ? component : $"{component}, {instance}",
            (JsonPath.GetString(core, "message") ?? "").Trim(),
            first,
            count,
            JsonPath.GetString(core, "metadata.name") ?? "",
        ];
    }

    private static string First(string? a, string? b) => string.IsNullOrEmpty(a) ? b ?? "" : a;

    private static string? Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? TableConverter.HumanDuration(now - time) : null;
}
