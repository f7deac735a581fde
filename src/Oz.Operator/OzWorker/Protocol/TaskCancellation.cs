namespace Oz.Operator.OzWorker.Protocol;

/// <summary>Data of a <c>task_cancellation</c>: the server asks to stop a task.</summary>
public sealed record TaskCancellation
{
    public string? TaskId { get; init; }
}
