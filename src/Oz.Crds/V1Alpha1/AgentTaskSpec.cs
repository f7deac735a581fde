using System.Text.Json.Serialization;
using k8s.Models;

namespace Oz.Crds.V1Alpha1;

/// <summary>What to run. Every field is optional; tasks from Oz fill the identity fields.</summary>
public sealed class AgentTaskSpec
{
    /// <summary>Oz task id; absent for tasks created by hand or by GitOps.</summary>
    [JsonPropertyName("taskId")]
    public string? TaskId { get; set; }

    /// <summary>Oz execution id (one task may be executed more than once).</summary>
    [JsonPropertyName("executionId")]
    public string? ExecutionId { get; set; }

    /// <summary>Human-readable title shown by kubectl.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>Environment image; falls back to the operator's defaultImage, then ubuntu:22.04.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    /// <summary>Images whose filesystems are mounted into the task container (the agent at /agent).</summary>
    [JsonPropertyName("sidecars")]
    public IList<AgentTaskSidecar>? Sidecars { get; set; }

    /// <summary>Arguments to the agent entrypoint.</summary>
    [JsonPropertyName("args")]
    public IList<string>? Args { get; set; }

    /// <summary>Environment of the task container; valueFrom is allowed.</summary>
    [JsonPropertyName("env")]
    public IList<V1EnvVar>? Env { get; set; }

    /// <summary>Sources of environment variables (Secrets, ConfigMaps).</summary>
    [JsonPropertyName("envFrom")]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    /// <summary>Compute resources of the task container.</summary>
    [JsonPropertyName("resources")]
    public V1ResourceRequirements? Resources { get; set; }

    /// <summary>Wall-clock limit of the Job in seconds; the operator's default when absent.</summary>
    [JsonPropertyName("activeDeadlineSeconds")]
    public long? ActiveDeadlineSeconds { get; set; }

    /// <summary>How long the agent stays idle after completing (e.g. "10m").</summary>
    [JsonPropertyName("idleOnComplete")]
    public string? IdleOnComplete { get; set; }

    /// <summary>Set to true to cancel the task; cannot be set back to false.</summary>
    [JsonPropertyName("cancel")]
    public bool? Cancel { get; set; }
}
