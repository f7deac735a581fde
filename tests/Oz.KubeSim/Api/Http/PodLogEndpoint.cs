using System.Text;

namespace Oz.KubeSim.Api.Http;

/// <summary>pods/log: the container's log as text, cut by tailLines and limitBytes.</summary>
internal static class PodLogEndpoint
{
    public static async Task<int> ServeAsync(HttpContext http, ResourceApi api, Func<StoredObject, string?, string>? podLogs, ResourceType type, string ns, string name)
    {
        var pod = api.Get(type, ns, name);
        var container = http.Request.Query["container"].FirstOrDefault();
        var text = podLogs?.Invoke(pod, container) ?? "";
        if (int.TryParse(http.Request.Query["tailLines"], CultureInfo.InvariantCulture, out var tail) && tail >= 0)
        {
            var lines = text.Split('\n');
            var hasTrailingNewline = text.EndsWith('\n');
            var content = hasTrailingNewline ? lines[..^1] : lines;
            text = string.Join('\n', content.TakeLast(tail)) + (hasTrailingNewline && tail > 0 ? "\n" : "");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (long.TryParse(http.Request.Query["limitBytes"], CultureInfo.InvariantCulture, out var limit) && limit >= 0 && limit < bytes.Length)
        {
            bytes = bytes[..(int)limit];
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        return 200;
    }
}
