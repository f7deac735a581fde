using System.Text.Json;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Turns the raw object of one watch event into the informer's type. Decoding is done here,
/// not by the client, so that an event that does not fit the type is reported with the object it
/// was about (kind, namespace, name, resourceVersion read from the raw JSON) instead of as a bare
/// parse error the informer cannot step past.
/// </summary>
public static class WatchEventDecoder
{
    /// <exception cref="UndecodableWatchEventException">The object does not decode into <typeparamref name="T"/>.</exception>
    public static T Decode<T>(JsonElement raw)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return KubernetesJsonElement.Deserialize<T>(raw)
                ?? throw new JsonException("the event carries no object");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException or OverflowException)
        {
            throw Undecodable(raw, ex);
        }
    }

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
