using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>One Oz agent task, run by the operator as a Kubernetes Job.</summary>
[CustomResource(Group, Version, KindName, Plural, Singular = Singular, ShortNames = [ShortName], Categories = [Category],
    Namespaced = true, StatusSubresource = true)]
[PrinterColumn("Age", 4, JsonPath = ".metadata.creationTimestamp", Type = "date")]
[Description("AgentTask is one Oz agent task, run by the Oz operator as a Kubernetes Job. Tasks from Oz are created by "
    + "the operator; tasks may also be created by hand or by GitOps.")]
public sealed class AgentTask : IKubernetesObject<V1ObjectMeta>, ISpec<AgentTaskSpec>, IStatus<AgentTaskStatus?>
{
    public const string Group = "oz.warp.dev";
    public const string Version = "v1alpha1";
    public const string KindName = "AgentTask";
    public const string Plural = "agenttasks";
    public const string Singular = "agenttask";
    public const string ShortName = "at";
    public const string Category = "oz";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    [Description(StandardFieldDescriptions.ApiVersion)]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    [Description(StandardFieldDescriptions.Kind)]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    [Description(StandardFieldDescriptions.Metadata)]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("What to run: the environment image, the sidecars (the agent at /agent), the agent's arguments, "
        + "environment and resources.")]
    public AgentTaskSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description(StandardFieldDescriptions.Status)]
    public AgentTaskStatus? Status { get; set; }
}
