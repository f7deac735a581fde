using System.Text.Json.Serialization;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The task inside an assignment.</summary>
public sealed record OzTask
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>Kept verbatim and leniently (string or number): the operator does not interpret the server's timestamps.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CreatedAt { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? UpdatedAt { get; init; }

    public TaskOwner? Owner { get; init; }

    public AgentConfigSnapshot? AgentConfigSnapshot { get; init; }
}
