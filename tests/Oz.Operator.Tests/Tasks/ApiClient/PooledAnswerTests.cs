namespace Oz.Operator.Tests.Tasks.ApiClient;

public sealed class PooledAnswerTests
{
    [Test]
    public async Task ABodyOfKnownLengthIsReadWhole()
    {
        var body = Body(5000);

        using var answer = await PooledAnswer.ReadAsync(new ByteArrayContent(body), CancellationToken.None);

        Assert.That(answer.Bytes.ToArray(), Is.EqualTo(body));
    }

    [Test]
    public async Task AChunkedBodyLongerThanTheFirstBufferIsReadWhole()
    {
        var body = Body((PooledAnswer.UnknownLengthBuffer * 3) + 17);

        using var answer = await PooledAnswer.ReadAsync(new UnknownLengthContent(body), CancellationToken.None);

        Assert.That(answer.Bytes.ToArray(), Is.EqualTo(body));
    }

    [Test]
    public async Task AnEmptyBodyIsEmpty()
    {
        using var answer = await PooledAnswer.ReadAsync(new UnknownLengthContent([]), CancellationToken.None);

        Assert.That(answer.Bytes.Length, Is.Zero);
    }

    private static byte[] Body(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26)))];

    /// <summary>A body the server streams without a Content-Length, in small pieces.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < body.Length; offset += 1000)
            {
                await stream.WriteAsync(body.AsMemory(offset, Math.Min(1000, body.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
