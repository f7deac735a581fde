using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// One open WebSocket to Oz: JSON text messages in (reassembled from fragments), messages out
/// (one at a time, each bounded by the write timeout). Liveness is the runtime's PING/PONG
/// keep-alive: a ping every <see cref="OzConnectionOptions.PingInterval"/>, and the socket is
/// aborted when no pong follows within the rest of <see cref="OzConnectionOptions.DeadAfterSilence"/>.
/// Any failure surfaces as <see cref="OzConnectionLostException"/>; the caller reconnects.
/// </summary>
/// <remarks>
/// The bytes of the connection pass a <see cref="PingPongLedger"/>, which ties each keep-alive pong
/// to its ping: <see cref="IsDelivered"/> says whether the server has provably read a message
/// (<see cref="IReportChannel"/>), since the protocol itself acknowledges nothing.
/// </remarks>
public sealed partial class OzConnection : IOzSender, IReportChannel, IAsyncDisposable
{
    /// <summary>How much of an oversized message is kept to find out which task it was about.</summary>
    public const int OversizedPrefixBytes = 64 * 1024;

    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _http;
    private readonly PingPongLedger _ledger;
    private readonly OzConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private OzConnection(ClientWebSocket socket, HttpMessageInvoker http, PingPongLedger ledger, OzConnectionOptions options, ILogger logger)
    {
        _socket = socket;
        _http = http;
        _ledger = ledger;
        _options = options;
        _logger = logger;
        _ledger.Confirmed += () => Delivered?.Invoke();
    }

    /// <inheritdoc />
    public event Action? Delivered;

    public WebSocketState State => _socket.State;

    /// <summary>Opens the WebSocket with bearer auth; throws <see cref="OzConnectionLostException"/> (connect_failed) on failure.</summary>
    public static async Task<OzConnection> ConnectAsync(
        Uri uri,
        OzCredentials credentials,
        OzConnectionOptions options,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + credentials.ApiKey);
        socket.Options.KeepAliveInterval = options.PingInterval;
        socket.Options.KeepAliveTimeout = PongTimeout(options);
        socket.Options.CollectHttpResponseDetails = true;

        // Our own handler (one connection, as ClientWebSocket's own would be) only to see the
        // plaintext bytes: that is where pings and pongs can be told apart.
        var ledger = new PingPongLedger();
        var http = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            PlaintextStreamFilter = (context, _) => ValueTask.FromResult<Stream>(new TappedStream(context.PlaintextStream, ledger)),
        });

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(uri, http, timeout.Token).ConfigureAwait(false);
            return new OzConnection(socket, http, ledger, options, logger);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException or IOException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            http.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            var detail = status == 0 ? e.Message : $"HTTP {(int)status}";
            throw new OzConnectionLostException(DisconnectReasons.ConnectFailed, $"connecting to Oz failed: {detail}", e);
        }
    }

    /// <summary>
    /// The time to wait for a pong after a ping, so that at most <see cref="OzConnectionOptions.DeadAfterSilence"/>
    /// passes between the last sign of life and the abort.
    /// </summary>
    public static TimeSpan PongTimeout(OzConnectionOptions options)
    {
        var rest = options.DeadAfterSilence - options.PingInterval;
        return rest > TimeSpan.Zero ? rest : options.PingInterval;
    }

    /// <summary>
    /// The next text message, or null when the server closed the connection. A message over
    /// <see cref="OzConnectionOptions.MaxMessageBytes"/> is not buffered: it comes back as
    /// <see cref="InboundMessage.Oversized"/>, with what its first bytes say about it.
    /// </summary>
    public async Task<InboundMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                var tooLarge = false;
                long length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await ReceiveFrameAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await CloseAsync("closed by server").ConfigureAwait(false);
                        return null;
                    }

                    length += result.Count;
                    if (!tooLarge && length > _options.MaxMessageBytes)
                    {
                        // Keep only the start: enough to find the type and task id, never the rest.
                        tooLarge = true;
                        message.SetLength(Math.Min(message.Length, OversizedPrefixBytes));
                    }

                    var room = tooLarge ? (int)Math.Max(0, OversizedPrefixBytes - message.Length) : result.Count;
                    message.Write(buffer, 0, Math.Min(room, result.Count));
                }
                while (!result.EndOfMessage);

                if (tooLarge)
                {
                    var prefix = message.GetBuffer().AsSpan(0, (int)message.Length);
                    var (type, taskId) = OversizedMessageProbe.Read(prefix);
                    LogOversized(_logger, type ?? "(unknown type)", taskId ?? "(unknown)", _options.MaxMessageBytes);
                    return new InboundMessage(null, new OversizedMessage(type, taskId, length, _options.MaxMessageBytes));
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    LogDroppedBinary(_logger, message.Length);
                }
                else
                {
                    return new InboundMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), null);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc />
    public async Task<long> SendReportAsync(OzOutgoingMessage message, CancellationToken cancellationToken)
    {
        await SendAsync(message, cancellationToken).ConfigureAwait(false);

        // Read after the send returned: the report's frame has passed the ledger, so any ping
        // counted after this mark was written after the report.
        return _ledger.WrittenThrough;
    }

    /// <inheritdoc />
    public bool IsDelivered(long mark) => _ledger.IsConfirmed(mark);

    /// <summary>Closes with 1009 (message too big): for a message that could not even be rejected by task id.</summary>
    public async Task CloseTooBigAsync(string description)
    {
        using var timeout = new CancellationTokenSource(_options.WriteTimeout);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    public Task SendAsync(OzOutgoingMessage message, CancellationToken cancellationToken) =>
        SendAsync(message.ToJson(), cancellationToken);

    /// <summary>Sends one text message; a write that takes longer than the write timeout kills the connection.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.WriteTimeout);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                // A cancelled send leaves the socket aborted: this connection is finished.
                _socket.Abort();
                throw new OzConnectionLostException(DisconnectReasons.WriteTimeout, $"write took longer than {_options.WriteTimeout}", e);
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                throw new OzConnectionLostException(DisconnectReasons.ConnectionLost, $"write failed: {e.Message}", e);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Best-effort polite close, bounded by the write timeout; aborts when that fails.</summary>
    public async Task CloseAsync(string description)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.WriteTimeout);
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    public ValueTask DisposeAsync()
    {
        // The send lock is not disposed: a send being cancelled may still release it.
        _socket.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<ValueWebSocketReceiveResult> ReceiveFrameAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = IsKeepAliveTimeout(e) ? DisconnectReasons.KeepAliveTimeout : DisconnectReasons.ConnectionLost;
            throw new OzConnectionLostException(reason, $"read failed: {e.Message}", e);
        }
    }

    /// <summary>The runtime reports a missed pong as a WebSocketException whose message or inner exception says so.</summary>
    private static bool IsKeepAliveTimeout(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is TimeoutException
                || current.Message.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)
                || current.Message.Contains("keepalive", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Type} message from Oz for task {TaskId} is larger than {MaxBytes} bytes")]
    private static partial void LogOversized(ILogger logger, string type, string taskId, int maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a binary message of {Length} bytes from Oz (the protocol uses text frames)")]
    private static partial void LogDroppedBinary(ILogger logger, long length);
}
