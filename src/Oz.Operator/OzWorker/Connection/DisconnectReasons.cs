namespace Oz.Operator.OzWorker.Connection;

/// <summary>Why a connection ended; the <c>reason</c> tag of <c>oz_operator_oz_reconnects_total</c>.</summary>
public static class DisconnectReasons
{
    /// <summary>The handshake failed (network, TLS, HTTP status such as 401).</summary>
    public const string ConnectFailed = "connect_failed";

    /// <summary>The server closed the WebSocket.</summary>
    public const string ServerClosed = "server_closed";

    /// <summary>No pong (nor data) within the keep-alive timeout.</summary>
    public const string KeepAliveTimeout = "keepalive_timeout";

    /// <summary>A write took longer than the write timeout.</summary>
    public const string WriteTimeout = "write_timeout";

    /// <summary>The socket failed while reading or writing.</summary>
    public const string ConnectionLost = "connection_lost";

    /// <summary>A message over the size limit named no task to reject; the worker closed with 1009.</summary>
    public const string MessageTooLarge = "message_too_large";

    /// <summary>An unexpected error in the bridge itself ended the session.</summary>
    public const string Error = "error";

    /// <summary>Every reason above (the counter is primed at zero with each).</summary>
    public static IReadOnlyList<string> All { get; } = [ConnectFailed, ServerClosed, KeepAliveTimeout, WriteTimeout, ConnectionLost, MessageTooLarge, Error];
}
