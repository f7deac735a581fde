using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The one JSON configuration of the protocol: snake_case names, nulls left out.</summary>
public static class OzJson
{
    /// <summary>
    /// Reading is case-insensitive because the server's Go encoder matches names that way
    /// (e.g. the task owner arrives as <c>{"Type": …, "Id": …}</c>).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The messages' metadata is generated at compile time; anything else falls back to reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(OzProtocolJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}
