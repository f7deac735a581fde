using System.Text.Json;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The agent configuration captured when the task was created; fields the operator does not use are ignored.</summary>
public sealed record AgentConfigSnapshot
{
    public string? EnvironmentId { get; init; }

    public string? ModelId { get; init; }

    public string? ProfileId { get; init; }

    public string? SkillSpec { get; init; }

    /// <summary>MCP server definitions: put verbatim as JSON into the task's env Secret, read by the agent from a file (<c>--mcp &lt;path&gt;</c>).</summary>
    public JsonElement? McpServers { get; init; }

    public bool? ComputerUseEnabled { get; init; }

    public int? IdleTimeoutMinutes { get; init; }

    public HarnessConfig? Harness { get; init; }

    /// <summary>Per-provider inference settings; <c>aws</c> names a Bedrock role for the agent to assume.</summary>
    public InferenceProviders? InferenceProviders { get; init; }

    public SessionSharing? SessionSharing { get; init; }

    public bool? SnapshotDisabled { get; init; }

    public int? SnapshotUploadTimeoutSecs { get; init; }

    public int? SnapshotScriptTimeoutSecs { get; init; }
}
