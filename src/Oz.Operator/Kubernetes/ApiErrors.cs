using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Oz.Operator.Kubernetes;

/// <summary>Turns API errors into the server's own words (a Status message), for verbatim reports.</summary>
internal static class ApiErrors
{
    public static string Message(Exception exception) => exception switch
    {
        HttpOperationException http => StatusMessage(http) ?? $"{(int)http.Response.StatusCode} {http.Response.ReasonPhrase}",
        HttpRequestException request => request.InnerException?.Message ?? request.Message,
        _ => exception.Message,
    };

    public static HttpStatusCode? Code(Exception exception) => (exception as HttpOperationException)?.Response.StatusCode;

    /// <summary>Warnings from <c>Warning: 299 - "text"</c> response headers (admission warnings, deprecations).</summary>
    public static IReadOnlyList<string> Warnings(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Warning", out var values))
        {
            return [];
        }

        var warnings = new List<string>();
        foreach (var value in values)
        {
            var open = value.IndexOf('"', StringComparison.Ordinal);
            var close = value.LastIndexOf('"');
            warnings.Add(open >= 0 && close > open ? value[(open + 1)..close].Replace("\\\"", "\"", StringComparison.Ordinal) : value);
        }

        return warnings;
    }

    private static string? StatusMessage(HttpOperationException exception)
    {
        var content = exception.Response.Content;
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("message", out var message) &&
                   message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return content.Trim();
        }
    }
}
