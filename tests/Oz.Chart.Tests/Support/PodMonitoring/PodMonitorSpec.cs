using System.Text.Json.Serialization;

namespace Oz.Chart.Tests.Support.PodMonitoring;

public sealed class PodMonitorSpec
{
    [JsonPropertyName("selector")]
    public V1LabelSelector Selector { get; set; } = new();

    [JsonPropertyName("namespaceSelector")]
    public PodMonitorNamespaceSelector? NamespaceSelector { get; set; }

    [JsonPropertyName("podMetricsEndpoints")]
    public List<PodMetricsEndpoint> PodMetricsEndpoints { get; set; } = [];
}
