namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// A message over the size limit, discarded but for its start: its <paramref name="Type"/> and
/// <paramref name="TaskId"/> when they came before the limit, so the task can be rejected by id.
/// </summary>
public sealed record OversizedMessage(string? Type, string? TaskId, long Bytes, int MaxBytes);
