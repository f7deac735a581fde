namespace Oz.KubeSim.Api.Http;

/// <summary>What a client asks for in a request's query and headers, beyond the selectors.</summary>
internal static class RequestOptions
{
    public static bool IsTrue(string? value) => value is "true" or "1" or "True";

    public static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static bool IncludeObject(IQueryCollection query) => query["includeObject"].FirstOrDefault() == "Object";
}
