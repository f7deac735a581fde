using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api.Printers;

/// <summary><c>kubectl get events</c> of either view (core/v1 or events.k8s.io/v1): Last Seen, Type, Reason, Object, Message (+ Subobject, Source, First Seen, Count, Name wide), as the API server's event printer.</summary>
internal static class EventPrinter
{
    public static BuiltInPrinter Printer { get; } = new(
        [
            new("Last Seen", "string", "", null, "Time when last this event was observed."),
            new("Type", "string", "", null, "Type of this event (Normal, Warning), new types could be added in the future."),
            new("Reason", "string", "", null, "This should be a short, machine understandable string that gives the reason for this event being generated."),
            new("Object", "string", "", null, "The object this Event is about."),
            new("Subobject", "string", "", null, "The subobject this Event is about.", 1),
            new("Source", "string", "", null, "The component reporting this event.", 1),
            new("Message", "string", "", null, "A human-readable description of the status of this operation."),
            new("First Seen", "string", "", null, "The time at which the event was first recorded.", 1),
            new("Count", "string", "", null, "The number of times this event has occurred.", 1),
            new("Name", "string", "", "name", "Name must be unique within a namespace.", 1),
        ],
        Cells);

    private static JsonArray Cells(JsonObject stored, DateTimeOffset now)
    {
        // Both views print the same columns; an events.k8s.io object is read in its core/v1 form.
        var evt = JsonPath.GetString(stored, "apiVersion") == BuiltInResources.EventsV1.ApiVersion ? EventConversion.ToCore(stored) : stored;
        var first = PrintedTimes.Parse(evt, "firstTimestamp") ?? PrintedTimes.Parse(evt, "eventTime");
        var last = PrintedTimes.Parse(evt, "lastTimestamp") ?? first;
        var count = JsonPath.GetLong(evt, "count") is > 0 and var c ? c : 1;
        if (JsonPath.Get(evt, "series") is JsonObject series)
        {
            last = PrintedTimes.Parse(series, "lastObservedTime") ?? last;
            count = JsonPath.GetLong(series, "count") ?? count;
        }

        var kind = (JsonPath.GetString(evt, "involvedObject.kind") ?? "").ToLowerInvariant();
        var target = JsonPath.GetString(evt, "involvedObject.name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        return
        [
            PrintedTimes.Since(last, now),
            JsonPath.GetString(evt, "type"),
            JsonPath.GetString(evt, "reason"),
            target,
            JsonPath.GetString(evt, "involvedObject.fieldPath") ?? "",
            Source(evt),
            (JsonPath.GetString(evt, "message") ?? "").Trim(),
            PrintedTimes.Since(first, now),
            count,
            JsonPath.GetString(evt, "metadata.name"),
        ];
    }

    /// <summary>formatEventSource: "component, host", falling back to the reporting controller and instance.</summary>
    private static string Source(JsonObject evt)
    {
        var component = JsonPath.GetString(evt, "source.component") is { Length: > 0 } c ? c : JsonPath.GetString(evt, "reportingComponent") ?? "";
        var host = JsonPath.GetString(evt, "source.host") is { Length: > 0 } h ? h : JsonPath.GetString(evt, "reportingInstance") ?? "";
        return host.Length == 0 ? component : $"{component}, {host}";
    }
}
