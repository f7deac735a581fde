using System.Net;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// The API server answered a Job create with a final refusal: 403 Forbidden (an exceeded
/// ResourceQuota, an admission policy such as Gatekeeper or Kyverno, missing RBAC) or 422
/// Unprocessable Entity (the Job is invalid). Sending the same Job again gets the same answer, so the
/// task fails instead of being retried; transient answers (429, 5xx, timeouts) are not this exception.
/// </summary>
public sealed class JobCreateRefusedException(HttpStatusCode statusCode, string serverMessage)
    : Exception($"the API server refused to create the Job ({(int)statusCode}): {serverMessage}")
{
    /// <summary>The HTTP status of the refusal.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The API server's own message (the Status object's <c>message</c>).</summary>
    public string ServerMessage { get; } = serverMessage;

    /// <summary>Whether an answer to a create is a final refusal rather than a transient failure.</summary>
    public static bool IsRefusal(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity;
}
