using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Autorest;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// A write sent with the client's own HTTP pipeline (its handlers, credentials and base address),
/// whose answer is decoded typed straight from the response's UTF-8, or not read at all when the
/// caller does not use it.
/// </summary>
/// <remarks>
/// The client's typed calls decode a custom object's answer twice (to a JSON document, then to the
/// type) and a Job delete's answer first as a Status: the Job the server returns fails that decode
/// with two exceptions before it is read again. The writes were 45 % of the operator's allocation
/// samples in a warm burst (docs/performance.md, "Cost per task, 2026-12-07").
/// </remarks>
internal static class ClientRequest
{
    public static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    public static readonly MediaTypeHeaderValue MergePatch = MediaTypeHeaderValue.Parse("application/merge-patch+json; charset=utf-8");

    /// <summary>
    /// Sends the request and decodes the answer as <typeparamref name="T"/>, with <paramref name="answerOptions"/>
    /// (a <see cref="ClientJsonSubset"/>; without managedFields when null).
    /// </summary>
    /// <exception cref="HttpOperationException">The server answered with an error status, as the client's own calls throw it.</exception>
    public static async Task<T> SendAsync<T>(
        k8s.Kubernetes client, HttpMethod method, string pathAndQuery, byte[]? body, MediaTypeHeaderValue? contentType, CancellationToken cancellationToken, JsonSerializerOptions? answerOptions = null)
        where T : class
    {
        using var response = await SendCoreAsync(client, method, pathAndQuery, body, contentType, cancellationToken).ConfigureAwait(false);
        // Read whole into a pooled buffer, then decoded in one call: an answer is one object of a few
        // KiB, and decoding from the stream (JsonSerializer.DeserializeAsync) made the native build
        // compile an asynchronous reader for every Kubernetes model, 4 MiB of binary and 9 MiB of
        // memory from the start.
        using var answer = await PooledAnswer.ReadAsync(response.Content, cancellationToken).ConfigureAwait(false);
        var typeInfo = (JsonTypeInfo<T>)(answerOptions ?? ClientJsonSubset.WithoutManagedFields).GetTypeInfo(typeof(T));
        return JsonSerializer.Deserialize(answer.Bytes, typeInfo)
            ?? throw new JsonException($"the answer to {method} {pathAndQuery} is null");
    }

    /// <summary>Sends the request; the answer's body, when it succeeded, is not read.</summary>
    /// <exception cref="HttpOperationException">The server answered with an error status, as the client's own calls throw it.</exception>
    public static async Task SendAsync(k8s.Kubernetes client, HttpMethod method, string pathAndQuery, byte[]? body, MediaTypeHeaderValue? contentType, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(client, method, pathAndQuery, body, contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path segment, escaped as the client escapes it.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private static async Task<HttpResponseMessage> SendCoreAsync(k8s.Kubernetes client, HttpMethod method, string pathAndQuery, byte[]? body, MediaTypeHeaderValue? contentType, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, new Uri(client.BaseUri, pathAndQuery)) { Version = HttpVersion.Version20 };
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = contentType;
        }

        return await ClientPipeline.SendAsync(client, message, cancellationToken).ConfigureAwait(false);
    }
}
