namespace Oz.Operator.OzWorker.Protocol;

/// <summary>Data of a <c>task_assignment</c>: the server offers this worker a task to run.</summary>
public sealed record TaskAssignment
{
    public string? TaskId { get; init; }

    /// <summary>One task may run more than once; empty means "use the task id".</summary>
    public string? ExecutionId { get; init; }

    public OzTask? Task { get; init; }

    public string? DockerImage { get; init; }

    public string? SidecarImage { get; init; }

    /// <summary>May hold credentials: stored only in a Secret, never logged.</summary>
    public IReadOnlyDictionary<string, string>? EnvVars { get; init; }

    public IReadOnlyList<AdditionalSidecar>? AdditionalSidecars { get; init; }

    public IReadOnlyList<string>? AdditionalOzArgs { get; init; }

    public InstanceShape? InstanceShape { get; init; }

    /// <summary>The execution id with the protocol's default applied.</summary>
    public string EffectiveExecutionId =>
        string.IsNullOrEmpty(ExecutionId) ? TaskId ?? "" : ExecutionId;

    /// <summary>Never prints the environment (it may hold credentials).</summary>
    public override string ToString() =>
        $"TaskAssignment {{ TaskId = {TaskId}, ExecutionId = {ExecutionId}, EnvVars = {EnvVars?.Count ?? 0} redacted }}";
}
