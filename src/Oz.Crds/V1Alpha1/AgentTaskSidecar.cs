using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>An image whose filesystem is copied into a volume mounted into the task container.</summary>
public sealed class AgentTaskSidecar
{
    [JsonPropertyName("image")]
    public string Image { get; set; } = "";

    [JsonPropertyName("mountPath")]
    public string MountPath { get; set; } = "";

    [JsonPropertyName("readWrite")]
    public bool? ReadWrite { get; set; }
}
