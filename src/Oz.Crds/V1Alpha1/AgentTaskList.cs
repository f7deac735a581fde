using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Oz.Crds.V1Alpha1;

/// <summary>The list kind the API server returns for AgentTasks.</summary>
public sealed class AgentTaskList : IKubernetesObject<V1ListMeta>, IItems<AgentTask>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = AgentTask.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = AgentTask.KindName + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<AgentTask> Items { get; set; } = [];
}
