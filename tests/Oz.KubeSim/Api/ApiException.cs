namespace Oz.KubeSim.Api;

/// <summary>A failed request, carrying the metav1.Status the API server would return.</summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>Seconds for the Retry-After header (429 and some 500s).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The Status's <c>metadata.continue</c> (a 410 Expired list continue offers a token to go on with).</summary>
    public string? Continue { get; init; }

    public JsonObject ToStatus()
    {
        var status = StatusObjects.Failure(Code, Reason, Message, Details?.DeepClone() as JsonObject);
        if (Continue is not null)
        {
            status["metadata"] = new JsonObject { ["continue"] = Continue };
        }

        return status;
    }
}
