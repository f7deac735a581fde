using System.Text;
using System.Text.Json;

namespace Oz.KubeSim.Api;

/// <summary>
/// A Secret's stringData as the API server decodes every write of a Secret (create, update, each
/// kind of patch): each entry is merged into data as the base64 of its UTF-8 bytes, overwriting a
/// data entry of the same key, and stringData itself is dropped — it is a write-only field that is
/// never stored, so no read, list, watch or write answer returns it.
/// </summary>
internal static class SecretStringData
{
    public static void MergeIntoData(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.Secrets || !obj.ContainsKey("stringData"))
        {
            return;
        }

        var entries = obj["stringData"];
        obj.Remove("stringData");
        if (entries is not JsonObject { Count: > 0 } strings)
        {
            return;
        }

        if (obj["data"] is not JsonObject data)
        {
            data = [];
            obj["data"] = data;
        }

        foreach (var (key, value) in strings)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(key, value)));
        }
    }

    /// <summary>The entry's text; null is empty, as Go decodes it into a map of strings; anything else is the decoder's 400.</summary>
    private static string Text(string key, JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw StatusObjects.BadRequest($"Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal {value.GetValueKind().ToString().ToLowerInvariant()} into Go struct field Secret.stringData of type string (key {key})"),
    };
}
