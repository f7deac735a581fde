using System.Text.Json.Nodes;

namespace Oz.KubeSim.Api;

/// <summary>A failed request, carrying the metav1.Status the API server would return.</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>Seconds for the Retry-After header (429 and some 500s).</summary>
    public int? RetryAfterSeconds { get; init; }

    public JsonObject ToStatus() => StatusObjects.Failure(Code, Reason, Message, Details?.DeepClone() as JsonObject);
}
