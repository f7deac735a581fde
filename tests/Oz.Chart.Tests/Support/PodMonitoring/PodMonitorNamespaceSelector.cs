using System.Text.Json.Serialization;

namespace Oz.Chart.Tests.Support.PodMonitoring;

public sealed class PodMonitorNamespaceSelector
{
    [JsonPropertyName("matchNames")]
    public List<string> MatchNames { get; set; } = [];
}
