namespace Oz.KubeSim.Api.Http;

/// <summary>The paths that are not resources: version, discovery, OpenAPI v3 and the health checks.</summary>
internal static class DiscoveryEndpoints
{
    public static async Task<int> ServeAsync(HttpContext http, string path, ResourceRegistry registry, string serverAddress)
    {
        var trimmed = path.TrimEnd('/');
        var parts = trimmed.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? doc = parts switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions(serverAddress),
            ["api", var v] => Discovery.ResourceList(registry, "", v),
            ["apis"] => Discovery.GroupList(registry),
            ["apis", var g] => Discovery.GroupDocument(registry, g),
            ["apis", var g, var v] => Discovery.ResourceList(registry, g, v),
            ["openapi", "v3"] => OpenApiDocuments.Index(registry),
            ["openapi", "v3", "api", var v] => OpenApiDocuments.GroupVersion(registry, "", v),
            ["openapi", "v3", "apis", var g, var v] => OpenApiDocuments.GroupVersion(registry, g, v),
            _ => null,
        };
        if (parts is ["healthz" or "readyz" or "livez", ..])
        {
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("ok");
            return 200;
        }

        if (doc is null)
        {
            throw StatusObjects.PageNotFound();
        }

        await JsonResponses.WriteJsonAsync(http, 200, doc);
        return 200;
    }
}
