namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The worker cannot take the task; the server keeps it queued.</summary>
public sealed record TaskRejected(string TaskId, string Reason) : OzOutgoingMessage(OzMessageTypes.TaskRejected)
{
    public const string AtCapacity = "worker at maximum concurrency";
}
