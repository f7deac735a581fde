using System.Text.Json;

namespace Oz.KubeSim.Api.Http;

/// <summary>How the simulator writes a JSON answer: status code, content type and length, and the Warning headers of a write.</summary>
internal static class JsonResponses
{
    public static async Task<int> WriteResultAsync(HttpContext http, ResourceType type, WriteResult result, RequestContext ctx)
    {
        foreach (var warning in ctx.Warnings)
        {
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        var body = result.Stored is not null ? ServedObjects.Serve(type, result.Stored) : result.Body;
        await WriteBytesAsync(http, result.Code, body);
        return result.Code;
    }

    public static async Task WriteJsonAsync(HttpContext http, int code, JsonObject body) =>
        await WriteBytesAsync(http, code, JsonSerializer.SerializeToUtf8Bytes(body));

    public static async Task WriteBytesAsync(HttpContext http, int code, byte[] body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
