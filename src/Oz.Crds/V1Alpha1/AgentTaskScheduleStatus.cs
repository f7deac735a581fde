using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>What the operator observed of a schedule; written only through the status subresource.</summary>
[Description(StandardFieldDescriptions.Status)]
public sealed class AgentTaskScheduleStatus
{
    [JsonPropertyName("active")]
    [Description("The runs not finished yet.")]
    public IList<V1ObjectReference>? Active { get; set; }

    [JsonPropertyName("activeCount")]
    [Description("How many runs are not finished yet (the length of active), printed as the Active column.")]
    [PrinterColumn("Active", 2)]
    [Minimum(0)]
    public int? ActiveCount { get; set; }

    [JsonPropertyName("lastScheduleTime")]
    [Description("The scheduled time of the latest run made (RFC 3339).")]
    [PrinterColumn("Last Run", 3)]
    public DateTime? LastScheduleTime { get; set; }

    [JsonPropertyName("lastSuccessfulTime")]
    [Description("When the latest succeeded run finished (RFC 3339).")]
    public DateTime? LastSuccessfulTime { get; set; }

    [JsonPropertyName("lastFinishedTime")]
    [Description("When the latest run to finish ended (RFC 3339); lastResult is its phase.")]
    public DateTime? LastFinishedTime { get; set; }

    [JsonPropertyName("lastResult")]
    [Description("The phase of the latest finished run: Succeeded, Failed or Cancelled.")]
    [PrinterColumn("Last Result", 4)]
    public AgentTaskPhase? LastResult { get; set; }

    [JsonPropertyName("conditions")]
    [Description("The kstatus conditions GitOps tools and kubectl wait read: Ready (True while the schedule is valid "
        + "and observed), Reconciling, and Stalled (True, with reason InvalidSchedule or InvalidTimeZone, when the "
        + "schedule cannot be run until it is fixed).")]
    [ListMap("type")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation of the spec this status describes.")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }
}
