using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using k8s.Autorest;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// A watch request sent with the client's own HTTP pipeline (its handlers, credentials and base
/// address), whose answer is read as UTF-8 lines straight from the response stream.
/// </summary>
/// <remarks>
/// The client's typed watch reads every event line into a string and decodes it from UTF-16; at
/// about fifteen events per task (task, Job and pod changes) that transcoding, the strings and the
/// decode of the stream's first line as a list were a fifth of what the operator allocated per task
/// (docs/performance.md, "Change 4").
/// </remarks>
public static class WatchStream
{
    /// <summary>Opens the watch of the collection at <paramref name="path"/> (e.g. <c>api/v1/namespaces/default/pods</c>).</summary>
    /// <exception cref="HttpOperationException">The server answered with an error status (410 for an expired resourceVersion).</exception>
    public static async Task<HttpResponseMessage> OpenAsync(k8s.Kubernetes client, string path, WatchRequest request, CancellationToken cancellationToken)
    {
        var uri = new Uri(client.BaseUri, path + Query(request));
        using var message = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version20 };
        return await ClientPipeline.SendAsync(client, message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The non-blank lines of <paramref name="stream"/>. Each line is valid until the next one is asked
    /// for: it is a view of the read buffer, not a copy.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlySequence<byte>> LinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (NextLine(ref buffer) is { } line)
                {
                    if (!IsBlank(line))
                    {
                        yield return line;
                    }
                }

                if (result.IsCompleted)
                {
                    // A last line without its newline (a stream cut short) is still offered.
                    if (!IsBlank(buffer))
                    {
                        yield return buffer;
                    }

                    reader.AdvanceTo(buffer.End);
                    yield break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static ReadOnlySequence<byte>? NextLine(ref ReadOnlySequence<byte> buffer)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            return null;
        }

        var line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return line;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string Query(WatchRequest request)
    {
        var query = new StringBuilder("?watch=true");
        if (request.AllowBookmarks)
        {
            query.Append("&allowWatchBookmarks=true");
        }

        if (request.LabelSelector is { } selector)
        {
            query.Append("&labelSelector=").Append(Uri.EscapeDataString(selector));
        }

        query.Append("&resourceVersion=").Append(Uri.EscapeDataString(request.ResourceVersion));
        query.Append("&timeoutSeconds=").Append(request.TimeoutSeconds);
        return query.ToString();
    }
}
