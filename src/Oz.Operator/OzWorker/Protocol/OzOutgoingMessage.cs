using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>A message from the worker to the server; serialised as <c>{"type": …, "data": {…}}</c>.</summary>
public abstract record OzOutgoingMessage([property: JsonIgnore] string Type)
{
    /// <summary>The envelope as JSON text (the runtime type's fields go into <c>data</c>).</summary>
    public string ToJson()
    {
        var data = JsonSerializer.SerializeToElement(this, GetType(), OzJson.Options);
        return JsonSerializer.Serialize(new Envelope(Type, data), OzJson.Options);
    }

    internal sealed record Envelope(string Type, JsonElement Data);
}
