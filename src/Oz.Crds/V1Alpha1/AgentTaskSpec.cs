using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>What to run. Every field is optional; tasks from Oz fill the identity fields.</summary>
[Description("What to run. Every field is optional; tasks from Oz fill the identity fields.")]
[ValidationRule("!has(oldSelf.cancel) || !oldSelf.cancel || (has(self.cancel) && self.cancel)",
    "cancel cannot be unset or set back to false once it is true", FieldPath = ".cancel", Reason = "FieldValueForbidden")]
[ValidationRule("has(self.taskId) == has(oldSelf.taskId) && (!has(self.taskId) || self.taskId == oldSelf.taskId)",
    "taskId is immutable", FieldPath = ".taskId", Reason = "FieldValueForbidden")]
[ValidationRule("has(self.executionId) == has(oldSelf.executionId) && (!has(self.executionId) || self.executionId == oldSelf.executionId)",
    "executionId is immutable", FieldPath = ".executionId", Reason = "FieldValueForbidden")]
[ValidationRule("!has(self.taskId) || !(has(self.prompt) || has(self.model) || has(self.profile) || has(self.skill) || has(self.environment) || has(self.mcpServers))",
    "prompt, model, profile, skill, environment and mcpServers are for tasks without a taskId: an Oz task takes them from Oz",
    FieldPath = ".prompt", Reason = "FieldValueForbidden")]
public sealed class AgentTaskSpec
{
    /// <summary>Upper bound of <see cref="Prompt"/>.</summary>
    public const int PromptMaxLength = 65536;

    /// <summary>Names and ids of the run options (model, profile, skill, environment, MCP server ids).</summary>
    public const int OptionMaxLength = 256;

    /// <summary>An MCP server stored in Warp, by id: letters, digits, '-' and '_' only, so never inline JSON or a file.</summary>
    public const string McpServerIdPattern = "^[A-Za-z0-9_-]+$";

    /// <summary>Go duration syntax as the agent's --idle-on-complete flag takes it, e.g. 10m or 1h30m.</summary>
    public const string DurationPattern = "^([0-9]+(h|m|s|ms))+$";

    [JsonPropertyName("taskId")]
    [Description("Oz task id; absent for tasks created by hand or by GitOps. Cannot be added, changed or removed after creation.")]
    [MaxLength(256)]
    public string? TaskId { get; set; }

    [JsonPropertyName("executionId")]
    [Description("Oz execution id (one Oz task may be executed more than once); absent for tasks created by hand. "
        + "Cannot be added, changed or removed after creation.")]
    [MaxLength(256)]
    public string? ExecutionId { get; set; }

    [JsonPropertyName("title")]
    [Description("Human-readable title of the task, shown by kubectl get.")]
    [PrinterColumn("Title", 0)]
    public string? Title { get; set; }

    [JsonPropertyName("image")]
    [Description("Environment image the task container runs in. Falls back to the operator's defaultImage, then "
        + "ubuntu:22.04.")]
    [MinLength(1)]
    public string? Image { get; set; }

    [JsonPropertyName("sidecars")]
    [Description("Images whose filesystems are copied into volumes mounted into the task container. The Oz agent "
        + "sidecar is mounted at /agent and provides /agent/entrypoint.sh. Mount paths are unique.")]
    [MaxLength(32)]
    [ValidationRule("self.all(s, self.exists_one(t, t.mountPath == s.mountPath))", "sidecar mountPaths must be unique",
        Reason = "FieldValueDuplicate")]
    public IList<AgentTaskSidecar>? Sidecars { get; set; }

    [JsonPropertyName("prompt")]
    [Description("What the agent is to do, for a task written by hand or kept in Git: the operator runs the agent "
        + "with agent run --prompt <prompt> and the run options below, followed by spec.args as extra flags. "
        + "Mutually exclusive with taskId (and with --task-id in args).")]
    [MinLength(1)]
    [MaxLength(PromptMaxLength)]
    public string? Prompt { get; set; }

    [JsonPropertyName("model")]
    [Description("Model the agent uses (agent run --model), e.g. an id from oz model list; the default model when absent.")]
    [MinLength(1)]
    [MaxLength(OptionMaxLength)]
    public string? Model { get; set; }

    [JsonPropertyName("profile")]
    [Description("Agent profile id (agent run --profile), which sets what the agent may do; the default profile when absent.")]
    [MinLength(1)]
    [MaxLength(OptionMaxLength)]
    public string? Profile { get; set; }

    [JsonPropertyName("skill")]
    [Description("Skill used as the base prompt (agent run --skill), e.g. owner/repo:skill-name.")]
    [MinLength(1)]
    [MaxLength(OptionMaxLength)]
    public string? Skill { get; set; }

    [JsonPropertyName("environment")]
    [Description("Oz environment id (agent run --environment).")]
    [MinLength(1)]
    [MaxLength(OptionMaxLength)]
    public string? Environment { get; set; }

    [JsonPropertyName("mcpServers")]
    [Description("MCP servers stored in Warp to start before the run, by id (agent run --mcp <id>, once each), e.g. [{id: abc123}]. Inline "
        + "JSON and files are not accepted here: an MCP configuration often holds tokens, which belong in a Secret, "
        + "never in the task's spec.")]
    [MaxLength(16)]
    public IList<AgentTaskMcpServer>? McpServers { get; set; }

    [JsonPropertyName("args")]
    [Description("Arguments to the agent entrypoint (/agent/entrypoint.sh), e.g. agent run --task-id <id> --sandboxed "
        + "for Oz tasks. With prompt they are extra flags, passed after the ones the operator makes.")]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("env")]
    [Description("Environment variables of the task container; valueFrom (e.g. secretKeyRef) is allowed. Variables "
        + "provided by Oz are stored in a Secret owned by the AgentTask and referenced, never written here literally.")]
    public IList<V1EnvVar>? Env { get; set; }

    [JsonPropertyName("envFrom")]
    [Description("Sources of environment variables of the task container (Secrets, ConfigMaps).")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [JsonPropertyName("resources")]
    [Description("Compute resources of the task container. For Oz tasks the instance shape sets requests equal to "
        + "limits.")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("activeDeadlineSeconds")]
    [Description("Wall-clock limit of the task's Job in seconds, after which it fails with reason DeadlineExceeded. "
        + "The operator's activeDeadlineSeconds when absent.")]
    [Minimum(1)]
    public long? ActiveDeadlineSeconds { get; set; }

    [JsonPropertyName("idleOnComplete")]
    [Description("How long the agent stays idle after completing, as a duration such as 10m or 1h30m (the agent's "
        + "--idle-on-complete). The operator's idleOnComplete when absent.")]
    [MaxLength(64)]
    [RegularExpression(DurationPattern)]
    public string? IdleOnComplete { get; set; }

    [JsonPropertyName("cancel")]
    [Description("Set to true to cancel the task: its Job is deleted and the phase becomes Cancelled. Cannot be unset "
        + "or set back to false.")]
    public bool? Cancel { get; set; }
}
