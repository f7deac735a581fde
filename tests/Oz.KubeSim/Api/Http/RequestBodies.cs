using System.Text;
using Oz.KubeSim.Protobuf;

namespace Oz.KubeSim.Api.Http;

/// <summary>Reads a request's body: an object (JSON, YAML or protobuf), a patch, or DeleteOptions (body and query).</summary>
internal static class RequestBodies
{
    public static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        if (KubeProtobuf.IsProtobuf(http.Request.ContentType))
        {
            using var bytes = new MemoryStream();
            await http.Request.Body.CopyToAsync(bytes, http.RequestAborted);
            return KubeProtobuf.Decode(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));
        }

        var body = await ReadBodyAsync(http);
        return YamlJson.ParseJsonOrYaml(body) as JsonObject ?? throw StatusObjects.BadRequest("Object 'Kind' is missing in the request body");
    }

    public static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var body = await ReadBodyAsync(http);
        var policy = query["propagationPolicy"].FirstOrDefault();
        string? uid = null;
        string? rv = null;
        long? grace = long.TryParse(query["gracePeriodSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var g) ? g : null;
        if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject options)
        {
            grace ??= JsonPath.GetLong(options, "gracePeriodSeconds");
            policy ??= JsonPath.GetString(options, "propagationPolicy");
            if (JsonPath.GetBool(options, "orphanDependents") is { } orphan)
            {
                policy ??= orphan ? "Orphan" : "Background";
            }

            uid = JsonPath.GetString(options, "preconditions.uid");
            rv = JsonPath.GetString(options, "preconditions.resourceVersion");
        }

        return new DeleteOptions(policy, uid, rv) { GracePeriodSeconds = grace };
    }
}
