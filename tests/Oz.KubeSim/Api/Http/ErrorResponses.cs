namespace Oz.KubeSim.Api.Http;

/// <summary>The Status bodies of failed requests, as the API server writes them.</summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext http, ApiException e)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        if (e.RetryAfterSeconds is { } retry)
        {
            http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        }

        await JsonResponses.WriteJsonAsync(http, e.Code, e.ToStatus());
    }

    /// <summary>A body the server could not decode (JSON or YAML syntax): 400 BadRequest.</summary>
    public static async Task BadRequestAsync(HttpContext http, string message)
    {
        if (!http.Response.HasStarted)
        {
            await JsonResponses.WriteJsonAsync(http, 400, StatusObjects.BadRequest(message).ToStatus());
        }
    }

    /// <summary>A bug in the simulator: answered as the API server answers a handler panic; returns the code the client really got.</summary>
    public static async Task<int> CrashAsync(HttpContext http, Exception e)
    {
        if (http.Response.HasStarted)
        {
            // The status line is out (a watch stream): the client sees the stream cut.
            http.Abort();
            return http.Response.StatusCode;
        }

        http.Response.Headers.Clear();
        await JsonResponses.WriteJsonAsync(http, 500, StatusObjects.InternalError($"kubesim: {e.GetType().Name}: {e.Message}").ToStatus());
        return 500;
    }
}
