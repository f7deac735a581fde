namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The <c>type</c> values of the Oz worker protocol envelopes.</summary>
public static class OzMessageTypes
{
    public const string TaskAssignment = "task_assignment";
    public const string TaskCancellation = "task_cancellation";
    public const string TaskClaimed = "task_claimed";
    public const string TaskRejected = "task_rejected";
    public const string TaskCompleted = "task_completed";
    public const string TaskFailed = "task_failed";

    /// <summary>Sent by some servers as a liveness signal; needs no answer.</summary>
    public const string Heartbeat = "heartbeat";
}
