using System.Buffers;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// A response body read whole into a buffer rented from the shared pool, which goes back when this
/// is disposed: the answers to the task client's writes, a few per task, are decoded and dropped at
/// once, so a fresh array for each (and another for its copy) was garbage at every write.
/// </summary>
internal sealed class PooledAnswer : IDisposable
{
    /// <summary>The first buffer when the server does not say how long the body is (it streams it chunked).</summary>
    internal const int UnknownLengthBuffer = 16 * 1024;

    private byte[] buffer;
    private int length;

    private PooledAnswer(byte[] buffer) => this.buffer = buffer;

    /// <summary>The body's bytes; valid until disposed.</summary>
    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    public static async Task<PooledAnswer> ReadAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var expected = content.Headers.ContentLength is > 0 and < int.MaxValue ? (int)content.Headers.ContentLength.Value : UnknownLengthBuffer;
        var answer = new PooledAnswer(ArrayPool<byte>.Shared.Rent(expected + 1));
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (answer.length == answer.buffer.Length)
                {
                    answer.Grow();
                }

                var read = await stream.ReadAsync(answer.buffer.AsMemory(answer.length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return answer;
                }

                answer.length += read;
            }
        }
        catch
        {
            answer.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var rented = Interlocked.Exchange(ref buffer, []);
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
