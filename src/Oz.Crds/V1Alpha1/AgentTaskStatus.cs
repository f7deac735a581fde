using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>What the operator observed; written only through the status subresource.</summary>
[Description(StandardFieldDescriptions.Status)]
public sealed class AgentTaskStatus
{
    /// <summary>Upper bound of <see cref="Message"/> (as metav1.Condition's message); the log tail in it is at most 4 KiB.</summary>
    public const int MessageMaxLength = 32768;

    [JsonPropertyName("phase")]
    [Description("Where the task is in its life: Pending (seen), Queued (waiting for a free slot), Starting (Job "
        + "created), Running, or one of the terminal phases Succeeded, Failed and Cancelled, which never change.")]
    [PrinterColumn("Phase", 1)]
    [ValidationRule("!(oldSelf in ['Succeeded', 'Failed', 'Cancelled']) || self == oldSelf",
        "a terminal phase (Succeeded, Failed, Cancelled) never changes", Reason = "FieldValueForbidden")]
    public AgentTaskPhase? Phase { get; set; }

    [JsonPropertyName("reason")]
    [Description("Why the task failed or was cancelled, as a typed reason; absent otherwise.")]
    [PrinterColumn("Reason", 2)]
    public FailureReason? Reason { get; set; }

    [JsonPropertyName("message")]
    [Description("Human-readable detail of the current phase; for a failure, at most a 4 KiB tail of the failing "
        + "container's log (logs are never stored in full).")]
    [MaxLength(MessageMaxLength)]
    public string? Message { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Latest observations of the task's state, one per type: Accepted, JobCreated, PodScheduled, Running, "
        + "Completed, and the kstatus conditions Ready (True once Succeeded), Reconciling (True while Pending, Queued, "
        + "Starting or Running) and Stalled (True once Failed or Cancelled), which GitOps tools and kubectl wait read.")]
    [ListMap("type")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("jobName")]
    [Description("Name of the task's Job, in the AgentTask's namespace.")]
    [PrinterColumn("Job", 3)]
    public string? JobName { get; set; }

    [JsonPropertyName("podName")]
    [Description("Name of the Job's pod running the task.")]
    public string? PodName { get; set; }

    [JsonPropertyName("nodeName")]
    [Description("Node the task's pod runs or ran on.")]
    public string? NodeName { get; set; }

    [JsonPropertyName("startTime")]
    [Description("When the task's pod started running (RFC 3339).")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    [Description("When the task reached a terminal phase (RFC 3339).")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("duration")]
    [Description("How long the task ran, from startTime to completionTime, e.g. 4m12s; set when the task ends. "
        + "Printed as the Duration column (kubectl cannot subtract two timestamps).")]
    [PrinterColumn("Duration", 5)]
    [MaxLength(64)]
    public string? Duration { get; set; }

    [JsonPropertyName("exitCode")]
    [Description("Exit code of the task container once it terminated; a death by signal is 128 + the signal.")]
    public int? ExitCode { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation of the spec this status describes.")]
    [Minimum(0)]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("reportedToOz")]
    [Description("True once the terminal result was reported to Oz, so it is reported exactly once, across operator "
        + "restarts. Never goes back to false.")]
    [ValidationRule("self || !oldSelf", "reportedToOz cannot go back to false", Reason = "FieldValueForbidden")]
    public bool? ReportedToOz { get; set; }
}
