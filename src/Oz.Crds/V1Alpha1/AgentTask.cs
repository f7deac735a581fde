using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Oz.Crds.V1Alpha1;

/// <summary>One Oz agent task, run by the operator as a Kubernetes Job.</summary>
public sealed class AgentTask : IKubernetesObject<V1ObjectMeta>, ISpec<AgentTaskSpec>, IStatus<AgentTaskStatus?>
{
    public const string Group = "oz.warp.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "AgentTask";
    public const string Plural = "agenttasks";
    public const string Singular = "agenttask";
    public const string ShortName = "at";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public AgentTaskSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public AgentTaskStatus? Status { get; set; }
}
