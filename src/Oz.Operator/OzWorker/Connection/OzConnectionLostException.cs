namespace Oz.Operator.OzWorker.Connection;

/// <summary>The WebSocket to Oz is no longer usable; <see cref="Reason"/> is one of <see cref="DisconnectReasons"/>.</summary>
public sealed class OzConnectionLostException : Exception
{
    public OzConnectionLostException()
        : this(DisconnectReasons.ConnectionLost, "connection lost")
    {
    }

    public OzConnectionLostException(string message)
        : this(DisconnectReasons.ConnectionLost, message)
    {
    }

    public OzConnectionLostException(string message, Exception innerException)
        : this(DisconnectReasons.ConnectionLost, message, innerException)
    {
    }

    public OzConnectionLostException(string reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public string Reason { get; }
}
