using System.Text.Json.Serialization;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>Who owns the task: <c>USER</c> or <c>TEAM</c> and an id (a number or a string on the wire).</summary>
public sealed record TaskOwner
{
    public const string TeamType = "TEAM";

    public string? Type { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Id { get; init; }

    public bool IsTeam => string.Equals(Type, TeamType, StringComparison.OrdinalIgnoreCase);
}
