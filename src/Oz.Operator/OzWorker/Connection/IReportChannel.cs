using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// Where reports go: one open connection to Oz, able to say when the server has provably read
/// a report. The protocol has no acknowledgement; a pong for a ping written after the report is
/// the proof (frames are read in order).
/// </summary>
public interface IReportChannel
{
    /// <summary>Raised whenever more of what was sent is known to be delivered (from the receiving side).</summary>
    event Action? Delivered;

    /// <summary>Sends a report; returns its mark for <see cref="IsDelivered"/>. Throws <see cref="OzConnectionLostException"/> when the connection is gone.</summary>
    Task<long> SendReportAsync(OzOutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Whether the server has read everything up to and including the report of <paramref name="mark"/>.</summary>
    bool IsDelivered(long mark);
}
