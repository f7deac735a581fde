using System.Text.Json;
using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api.Http;

/// <summary>A stored object as it is served through the version the client asked for.</summary>
internal static class ServedObjects
{
    /// <summary>The stored bytes, with apiVersion rewritten when read through another served version.</summary>
    public static byte[] Serve(ResourceType type, StoredObject stored) =>
        stored.Type.Version == type.Version && stored.Type.Group == type.Group ? stored.Json : JsonSerializer.SerializeToUtf8Bytes(Convert(type, stored));

    public static JsonObject Convert(ResourceType type, StoredObject stored)
    {
        var obj = stored.ToJsonObject();
        if (EventConversion.IsEventsV1(type) && stored.Type.Group != type.Group)
        {
            return EventConversion.ToEventsV1(obj);
        }

        obj["apiVersion"] = type.ApiVersion;
        return obj;
    }
}
