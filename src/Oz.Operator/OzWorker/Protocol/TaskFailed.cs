using Oz.Crds.V1Alpha1;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The task failed; <see cref="FailureReason"/> is one of <see cref="OzFailureReasons"/>.</summary>
public sealed record TaskFailed(
    string TaskId,
    string Message,
    string? FailureReason,
    int? ExitCode,
    string? TaskState = null) : OzOutgoingMessage(OzMessageTypes.TaskFailed);
