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
public sealed class AgentTaskSpec
{
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

    [JsonPropertyName("args")]
    [Description("Arguments to the agent entrypoint (/agent/entrypoint.sh), e.g. agent run --task-id <id> --sandboxed "
        + "for Oz tasks.")]
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
