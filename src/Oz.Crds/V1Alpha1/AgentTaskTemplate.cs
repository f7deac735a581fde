using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>The AgentTask each run of a schedule is made from.</summary>
[Description("The AgentTask each run is made from: labels and annotations, and the AgentTask spec.")]
public sealed class AgentTaskTemplate
{
    [JsonPropertyName("metadata")]
    [Description("Labels and annotations copied to every run.")]
    public AgentTaskTemplateMetadata? Metadata { get; set; }

    [JsonPropertyName("spec")]
    [Description("The spec of every run, as an AgentTask's spec. Runs are tasks written by hand (usually with a prompt): "
        + "taskId, executionId and cancel are not allowed.")]
    [Required]
    [NoNestedPrinterColumns]
    [ValidationRule("!has(self.taskId) && !has(self.executionId) && !has(self.cancel)",
        "taskId, executionId and cancel are not allowed in a schedule's template: its runs are not Oz tasks, and a run is cancelled on its own AgentTask",
        Reason = "FieldValueForbidden")]
    public AgentTaskSpec Spec { get; set; } = new();
}
