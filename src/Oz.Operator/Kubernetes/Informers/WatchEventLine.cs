using System.Buffers;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Decodes one line of a watch stream, <c>{"type": ..., "object": {...}}</c>, from its UTF-8 bytes
/// straight into the model: no string of the line, no document of the event.
/// </summary>
/// <remarks>
/// An ERROR event comes out as the <see cref="KubernetesException"/> carrying its Status (a 410 is
/// how the informer learns to relist); a line that is not a watch event, or whose object does not
/// fit the model, as the <see cref="UndecodableWatchEventException"/> naming whatever
/// of the object is readable, so the informer can step past it.
/// </remarks>
public static class WatchEventLine
{
    /// <summary>The event on <paramref name="line"/>.</summary>
    /// <exception cref="KubernetesException">An ERROR event (its Status, when it has one).</exception>
    /// <exception cref="UndecodableWatchEventException">Not a watch event, or its object does not decode.</exception>
    public static (WatchEventType Type, T Object) Decode<T>(ReadOnlySequence<byte> line, JsonSerializerOptions options)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (line.IsSingleSegment)
        {
            return DecodeContiguous<T>(line, options);
        }

        // A line split across the read buffer's segments (most pod events are longer than one) is
        // copied into one piece first: the JSON reader's multi-segment paths cost far more than the copy
        // (a quarter of the watch decode in a profile of the warm burst). The decoded object keeps no
        // view of the buffer.
        var length = checked((int)line.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(buffer);
            return DecodeContiguous<T>(new ReadOnlySequence<byte>(buffer, 0, length), options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (WatchEventType Type, T Object) DecodeContiguous<T>(ReadOnlySequence<byte> line, JsonSerializerOptions options)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        WatchEventType? type = null;
        Utf8JsonReader objectStart = default;
        var hasObject = false;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the line is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = TypeOf(ref reader);
                }
                else if (reader.ValueTextEquals("object"u8))
                {
                    reader.Read();
                    if (type is { } known && known != WatchEventType.Error)
                    {
                        // The API server writes the type first: the object is decoded where it stands.
                        return (known, DecodeObject<T>(ref reader, options));
                    }

                    objectStart = reader;
                    hasObject = reader.TokenType != JsonTokenType.Null;
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new UndecodableWatchEventException(null, null, null, null, ex);
        }

        if (type is not { } eventType)
        {
            throw new UndecodableWatchEventException(null, null, null, null, new JsonException("the line carries no watch event type"));
        }

        if (!hasObject)
        {
            throw new UndecodableWatchEventException(null, null, null, null, new JsonException("the event carries no object"));
        }

        return eventType == WatchEventType.Error
            ? throw Failure(ref objectStart, options)
            : (eventType, DecodeObject<T>(ref objectStart, options));
    }

    private static WatchEventType TypeOf(ref Utf8JsonReader reader) =>
        reader.TokenType != JsonTokenType.String ? throw new JsonException("the watch event type is not a string")
        : reader.ValueTextEquals("ADDED"u8) ? WatchEventType.Added
        : reader.ValueTextEquals("MODIFIED"u8) ? WatchEventType.Modified
        : reader.ValueTextEquals("DELETED"u8) ? WatchEventType.Deleted
        : reader.ValueTextEquals("BOOKMARK"u8) ? WatchEventType.Bookmark
        : reader.ValueTextEquals("ERROR"u8) ? WatchEventType.Error
        : throw new JsonException($"unknown watch event type '{reader.GetString()}'");

    /// <summary>The object at the reader, or the error naming it (read a second time, only then).</summary>
    private static T DecodeObject<T>(ref Utf8JsonReader reader, JsonSerializerOptions options)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var start = reader;
        try
        {
            return JsonSerializer.Deserialize<T>(ref reader, options)
                ?? throw new JsonException("the event carries no object");
        }
        catch (Exception ex) when (WatchEventDecoder.IsDecodingError(ex))
        {
            reader = start;
            using var document = JsonDocument.ParseValue(ref reader);
            throw WatchEventDecoder.Undecodable(document.RootElement, ex);
        }
    }

    private static Exception Failure(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<V1Status>(ref reader, options) is { } status
                ? new KubernetesException(status)
                : new KubernetesException("watch ERROR event without a status");
        }
        catch (Exception ex) when (WatchEventDecoder.IsDecodingError(ex))
        {
            return new KubernetesException($"watch ERROR event whose status does not decode: {ex.Message}");
        }
    }
}
