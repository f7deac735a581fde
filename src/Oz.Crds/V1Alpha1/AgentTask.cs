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
    [Description("APIVersion defines the versioned schema of this representation of an object. Servers should convert "
        + "recognized schemas to the latest internal value, and may reject unrecognized values. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    [Description("Kind is a string value representing the REST resource this object represents. Servers may infer this "
        + "from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    [Description("Standard object metadata. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("What to run: the environment image, the sidecars (the agent at /agent), the agent's arguments, "
        + "environment and resources.")]
    public AgentTaskSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("What the operator observed. Written only by the operator, through the status subresource.")]
    public AgentTaskStatus? Status { get; set; }
}
