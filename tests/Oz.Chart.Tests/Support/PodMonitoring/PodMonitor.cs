using System.Text.Json.Serialization;

namespace Oz.Chart.Tests.Support.PodMonitoring;

/// <summary>
/// The part of the Prometheus Operator's PodMonitor (monitoring.coreos.com/v1) the chart renders,
/// so the strict loader can parse it like the built-in kinds.
/// </summary>
public sealed class PodMonitor : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PodMonitorSpec Spec { get; set; } = new();
}
