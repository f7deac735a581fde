namespace Oz.Operator.Oz.Protocol;

/// <summary>The task inside an assignment.</summary>
public sealed record OzTask
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>Kept verbatim: the operator does not interpret the server's timestamps.</summary>
    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public TaskOwner? Owner { get; init; }

    public AgentConfigSnapshot? AgentConfigSnapshot { get; init; }
}
