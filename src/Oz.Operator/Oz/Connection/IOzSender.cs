using Oz.Operator.Oz.Protocol;

namespace Oz.Operator.Oz.Connection;

/// <summary>Where the bridge sends its messages: the open connection, or a recorder in tests.</summary>
public interface IOzSender
{
    /// <summary>Sends one message; throws <see cref="OzConnectionLostException"/> when the connection is gone.</summary>
    Task SendAsync(OzOutgoingMessage message, CancellationToken cancellationToken);
}
