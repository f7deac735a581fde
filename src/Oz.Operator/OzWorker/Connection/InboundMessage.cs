namespace Oz.Operator.OzWorker.Connection;

/// <summary>One message from Oz: its text, or, when it was too large to keep, what its start said.</summary>
public sealed record InboundMessage(string? Text, OversizedMessage? Oversized);
