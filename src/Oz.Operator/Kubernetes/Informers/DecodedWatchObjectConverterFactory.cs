using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Makes the <see cref="DecodedWatchObject{T}"/> converter for each informer type.</summary>
public sealed class DecodedWatchObjectConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(DecodedWatchObject<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]));

    private sealed class Converter<T> : JsonConverter<DecodedWatchObject<T>>
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public override DecodedWatchObject<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            // A converter sees the whole value buffered, so a copy of the reader can read it again.
            var start = reader;
            try
            {
                var value = JsonSerializer.Deserialize<T>(ref reader, options)
                    ?? throw new JsonException("the event carries no object");
                return new DecodedWatchObject<T>(value, null);
            }
            catch (Exception ex) when (WatchEventDecoder.IsDecodingError(ex))
            {
                reader = start;
                using var document = JsonDocument.ParseValue(ref reader);
                return new DecodedWatchObject<T>(null, WatchEventDecoder.Undecodable(document.RootElement, ex));
            }
        }

        public override void Write(Utf8JsonWriter writer, DecodedWatchObject<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Object, options);
    }
}
