using System.Net.WebSockets;
using System.Threading.Channels;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>One worker connection as the fake server sees it.</summary>
public sealed class FakeOzSession
{
    private readonly WebSocket _socket;
    private readonly bool _silent;
    private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _drop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private volatile string? _stopReadingAfter;

    public FakeOzSession(WebSocket socket, HandshakeRecord handshake, bool silent)
    {
        _socket = socket;
        _silent = silent;
        Handshake = handshake;
    }

    public HandshakeRecord Handshake { get; }

    /// <summary>Completes when the connection is over (closed by either side, dropped or aborted).</summary>
    public Task Ended => _ended.Task;

    /// <summary>The status the worker closed the connection with, once it did; null while open or when it was dropped.</summary>
    public WebSocketCloseStatus? ClosedByWorkerWith { get; private set; }

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _drop.Token);
        try
        {
            if (_silent)
            {
                // Never read: the runtime answers pings only while a read is pending.
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }

            var buffer = new byte[64 * 1024];
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ClosedByWorkerWith = result.CloseStatus;
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                using var document = JsonDocument.Parse(message.ToArray());
                await _received.Writer.WriteAsync(document.RootElement.Clone(), CancellationToken.None).ConfigureAwait(false);
                if (_stopReadingAfter is { } type && document.RootElement.TryGetProperty("type", out var t) && t.GetString() == type)
                {
                    // Read, but never a frame after it: pings written after it get no pong.
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException)
        {
            _socket.Abort();
        }
        finally
        {
            _received.Writer.TryComplete();
            _ended.TrySetResult();
        }
    }

    public Task SendJsonAsync(string json) => SendFramesAsync(Encoding.UTF8.GetBytes(json), 0);

    /// <summary>Sends <paramref name="json"/> split into continuation frames of <paramref name="frameBytes"/> bytes.</summary>
    public Task SendFragmentedAsync(string json, int frameBytes) => SendFramesAsync(Encoding.UTF8.GetBytes(json), frameBytes);

    public async Task SendBinaryAsync(byte[] data)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task SendAsync(string type, object data) =>
        SendJsonAsync(JsonSerializer.Serialize(new { type, data }));

    /// <summary>The next message the worker sent (as parsed JSON), failing the test after the timeout.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("timed out waiting for a message from the worker");
            throw;
        }
    }

    /// <summary>The next message of the given type, skipping others.</summary>
    public async Task<JsonElement> ReceiveOfTypeAsync(string type, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow).ConfigureAwait(false);
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }
        }
    }

    /// <summary>The messages received and not yet read, without waiting for more (all of them once <see cref="Ended"/> completed).</summary>
    public IReadOnlyList<JsonElement> Unread()
    {
        var unread = new List<JsonElement>();
        while (_received.Reader.TryRead(out var message))
        {
            unread.Add(message);
        }

        return unread;
    }

    /// <summary>The next message, or null when none arrives within <paramref name="window"/>.</summary>
    public async Task<JsonElement?> TryReceiveAsync(TimeSpan window)
    {
        using var cts = new CancellationTokenSource(window);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>
    /// After the next message of <paramref name="type"/> the server reads nothing more: that message
    /// arrived, but no pong answers a ping the worker writes after it (the runtime answers pings only
    /// while a read is pending) and nothing else proves it was read.
    /// </summary>
    public void StopReadingAfter(string type) => _stopReadingAfter = type;

    /// <summary>Kills the TCP connection without a close handshake.</summary>
    public void Drop() => _drop.Cancel();

    /// <summary>Closes politely with a close frame.</summary>
    public async Task CloseAsync()
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "server closing", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendFramesAsync(byte[] bytes, int frameBytes)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (frameBytes <= 0 || frameBytes >= bytes.Length)
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                return;
            }

            for (var offset = 0; offset < bytes.Length; offset += frameBytes)
            {
                var count = Math.Min(frameBytes, bytes.Length - offset);
                var last = offset + count >= bytes.Length;
                await _socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, last, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
