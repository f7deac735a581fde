using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>An MCP server stored in Warp, referenced by id (never inline configuration, which may hold tokens).</summary>
[Description("An MCP server stored in Warp, referenced by its id (agent run --mcp <id>).")]
public sealed class AgentTaskMcpServer
{
    [JsonPropertyName("id")]
    [Description("Id of the MCP server in Warp: letters, digits, '-' and '_' (never inline JSON or a file path).")]
    [Required]
    [MinLength(1)]
    [MaxLength(AgentTaskSpec.OptionMaxLength)]
    [RegularExpression(AgentTaskSpec.McpServerIdPattern)]
    public string Id { get; set; } = "";
}
