namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The worker runs the task.</summary>
public sealed record TaskClaimed(string TaskId, string WorkerId) : OzOutgoingMessage(OzMessageTypes.TaskClaimed);
