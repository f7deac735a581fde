using k8s.Autorest;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// Sends a request the operator built itself through KubernetesClient's own HTTP pipeline (its
/// handlers, credentials and base address), for the calls whose answers it reads its own way (watch
/// lines, the task client's writes).
/// </summary>
public static class ClientPipeline
{
    /// <summary>Sends <paramref name="message"/>; the answer's body is left to the caller, unread.</summary>
    /// <exception cref="HttpOperationException">
    /// The server answered with an error status: the same error the client's own calls throw, so callers
    /// classify it alike (<see cref="ApiErrors"/>, a watch's 410 Gone).
    /// </exception>
    public static async Task<HttpResponseMessage> SendAsync(k8s.Kubernetes client, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(message);
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(message, cancellationToken).ConfigureAwait(false);
        }

        var response = await client.HttpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpOperationException($"Operation returned an invalid status code '{response.StatusCode}'")
            {
                Request = new HttpRequestMessageWrapper(message, null),
                Response = new HttpResponseMessageWrapper(response, body),
            };
        }
    }
}
