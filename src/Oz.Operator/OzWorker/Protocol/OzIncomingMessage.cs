namespace Oz.Operator.OzWorker.Protocol;

/// <summary>What the parser made of one text frame. It never throws: bad input becomes <see cref="MalformedMessage"/>.</summary>
public abstract record OzIncomingMessage;

/// <summary>A well-formed <c>task_assignment</c> (task present, ids consistent).</summary>
public sealed record AssignmentMessage(TaskAssignment Assignment) : OzIncomingMessage
{
    /// <summary>The task id, guaranteed non-empty by the parser.</summary>
    public string TaskId => Assignment.TaskId!;
}

/// <summary>A well-formed <c>task_cancellation</c>.</summary>
public sealed record CancellationMessage(string TaskId) : OzIncomingMessage;

/// <summary>A message of a type this worker does not know; logged and ignored.</summary>
public sealed record UnknownMessage(string Type) : OzIncomingMessage;

/// <summary>A frame that could not be understood; <see cref="TaskId"/> is set when it could be recovered.</summary>
public sealed record MalformedMessage(string Error, string? Type, string? TaskId) : OzIncomingMessage;
