using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Oz.Crds.V1Alpha1;

/// <summary>The list kind the API server returns for AgentTaskSchedules.</summary>
public sealed class AgentTaskScheduleList : IKubernetesObject<V1ListMeta>, IItems<AgentTaskSchedule>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = AgentTaskSchedule.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = AgentTaskSchedule.KindName + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<AgentTaskSchedule> Items { get; set; } = [];
}
