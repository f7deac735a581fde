namespace Oz.Operator.OzWorker.Reporting;

/// <summary>Where the report of one task stands on the current connection.</summary>
public enum DeliveryStep
{
    /// <summary>No connection to Oz: the next connect looks at every task again.</summary>
    NotConnected,

    /// <summary>Not written to this connection yet: send it.</summary>
    Send,

    /// <summary>Written; no pong has proven the server read it yet.</summary>
    AwaitingProof,

    /// <summary>The server has provably read it: record reportedToOz.</summary>
    Delivered,
}
