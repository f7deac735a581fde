using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>The metadata a schedule copies to its runs.</summary>
[Description("The metadata a schedule copies to its runs.")]
public sealed class AgentTaskTemplateMetadata
{
    [JsonPropertyName("labels")]
    [Description("Labels of every run.")]
    public IDictionary<string, string>? Labels { get; set; }

    [JsonPropertyName("annotations")]
    [Description("Annotations of every run, e.g. oz.warp.dev/delete-after.")]
    public IDictionary<string, string>? Annotations { get; set; }
}
