using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Oz.KubeSim.Api;

/// <summary>
/// A list's continue token in the API server's own format: unpadded base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>, where <c>start</c> is the storage key
/// after the list's scope and <c>rv</c> is the revision every page is read at (-1: the latest,
/// as the token of a 410 Expired answer says).
/// </summary>
public sealed record ContinueToken(long Revision, string StartKey)
{
    private const string Version = "meta.k8s.io/v1";

    /// <summary>The revision of a token that continues at the latest revision instead of a snapshot.</summary>
    public const long Latest = -1;

    /// <summary>The token that continues right after <paramref name="lastKey"/> (a key within <paramref name="scope"/>).</summary>
    public static string After(long revision, string lastKey, string scope) => From(revision, lastKey + "\0", scope);

    /// <summary>The token that continues from <paramref name="startKey"/> (a key within <paramref name="scope"/>) on.</summary>
    public static string From(long revision, string startKey, string scope)
    {
        var json = new JsonObject { ["v"] = Version, ["rv"] = revision, ["start"] = startKey[scope.Length..] }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Decodes a token; the first key it covers is returned with <paramref name="scope"/> prepended.</summary>
    /// <exception cref="ApiException">400, with the API server's reasons, for a token it would not accept.</exception>
    public static ContinueToken Decode(string token, string scope)
    {
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(Base64Url.DecodeFromChars(token)) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw Invalid("continue key is not valid: " + e.Message);
        }

        var version = obj?["v"] is JsonValue v && v.TryGetValue<string>(out var name) ? name : "";
        if (obj is null || version != Version)
        {
            throw Invalid("continue key is not valid: server does not recognize this encoded version " + version);
        }

        var revision = obj["rv"] is JsonValue rv && rv.TryGetValue<long>(out var r) ? r : 0;
        var start = obj["start"] is JsonValue s && s.TryGetValue<string>(out var text) ? text : "";
        if (revision == 0)
        {
            throw Invalid("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
        }

        if (start.Length == 0)
        {
            throw Invalid("continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
        }

        // As the API server does: a start key that climbs out of the list's scope is refused.
        if (start.StartsWith('/') || start.Split('/').Any(segment => segment is "." or ".."))
        {
            throw Invalid("continue key is not valid: " + start);
        }

        return new ContinueToken(revision, scope + start);
    }

    private static ApiException Invalid(string why) => StatusObjects.BadRequest("invalid continue token: " + why);
}
