namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The task ended; <see cref="TaskState"/> is "CANCELLED" for a task cancelled by request.</summary>
public sealed record TaskCompleted(string TaskId, string Message, string? TaskState = null)
    : OzOutgoingMessage(OzMessageTypes.TaskCompleted)
{
    public const string Cancelled = "CANCELLED";
}
