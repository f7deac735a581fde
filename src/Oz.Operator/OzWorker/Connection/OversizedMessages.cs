using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// What becomes of a message over the size limit: with a task id (and not of another known type)
/// it is handled as a malformed assignment, i.e. rejected by that id unless the worker already runs
/// the task; without one the connection is closed with 1009 — never dropped in silence.
/// </summary>
public static class OversizedMessages
{
    public static bool CanReject(OversizedMessage message) =>
        message.TaskId is not null && message.Type is null or OzMessageTypes.TaskAssignment;

    public static MalformedMessage AsMalformed(OversizedMessage message) =>
        new($"message of {message.Bytes} bytes is larger than the worker's limit of {message.MaxBytes} bytes", message.Type, message.TaskId);
}
