using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Connection;

/// <summary>Where the bridge sends its messages: the open connection, or a recorder in tests.</summary>
public interface IOzSender
{
    /// <summary>Sends one message; throws <see cref="OzConnectionLostException"/> when the connection is gone.</summary>
    Task SendAsync(OzOutgoingMessage message, CancellationToken cancellationToken);
}
