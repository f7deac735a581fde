using System.Text.Json.Serialization;
using k8s.Models;

namespace Oz.Crds.V1Alpha1;

/// <summary>What the operator observed; written only through the status subresource.</summary>
public sealed class AgentTaskStatus
{
    [JsonPropertyName("phase")]
    public AgentTaskPhase? Phase { get; set; }

    /// <summary>Why the task failed or was cancelled; absent otherwise.</summary>
    [JsonPropertyName("reason")]
    public FailureReason? Reason { get; set; }

    /// <summary>Human-readable detail; at most a 4 KiB log tail of the failing container.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("conditions")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("jobName")]
    public string? JobName { get; set; }

    [JsonPropertyName("podName")]
    public string? PodName { get; set; }

    [JsonPropertyName("nodeName")]
    public string? NodeName { get; set; }

    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [JsonPropertyName("completionTime")]
    public DateTime? CompletionTime { get; set; }

    [JsonPropertyName("exitCode")]
    public int? ExitCode { get; set; }

    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("reportedToOz")]
    public bool? ReportedToOz { get; set; }
}
