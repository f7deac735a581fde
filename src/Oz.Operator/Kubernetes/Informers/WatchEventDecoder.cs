using System.Text.Json;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Names the object of a watch event that does not decode into the informer's type. Decoding is
/// checked by the operator (<see cref="WatchEventLine"/>), not left to the client, so that
/// such an event is reported with the object it was about (kind, namespace, name, resourceVersion
/// read from the raw JSON) instead of as a bare parse error the informer cannot step past.
/// </summary>
public static class WatchEventDecoder
{
    /// <summary>Whether <paramref name="ex"/> is how the serializer says a value does not fit the model.</summary>
    public static bool IsDecodingError(Exception ex) =>
        ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException or OverflowException;

    /// <summary>The exception for an event whose object is <paramref name="raw"/>, naming whatever of it is readable.</summary>
    public static UndecodableWatchEventException Undecodable(JsonElement raw, Exception cause)
    {
        var kind = Text(raw, "kind");
        var metadata = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("metadata", out var m) ? m : default;
        return new UndecodableWatchEventException(kind, Text(metadata, "namespace"), Text(metadata, "name"), Text(metadata, "resourceVersion"), cause);
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
