using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>An image whose filesystem is copied into a volume mounted into the task container.</summary>
[Description("An image whose filesystem is copied into a volume (by a root init container) and mounted into the task "
    + "container.")]
public sealed class AgentTaskSidecar
{
    [JsonPropertyName("image")]
    [Description("Image whose filesystem is copied into the volume, e.g. the Oz agent image.")]
    [Required]
    [MinLength(1)]
    public string Image { get; set; } = "";

    [JsonPropertyName("mountPath")]
    [Description("Absolute path in the task container where the sidecar's files appear, e.g. /agent. Unique among the "
        + "sidecars, and never /workspace or a path under it (the task's workspace volume).")]
    [Required]
    [MinLength(2)]
    [MaxLength(1024)]
    [ValidationRule("self.startsWith('/')", "mountPath must be an absolute path")]
    [ValidationRule("!self.endsWith('/')", "mountPath must not end with '/'")]
    [ValidationRule("!self.matches('(^|/)[.][.]?(/|$)')", "mountPath must not contain '.' or '..' segments")]
    [ValidationRule("!self.contains('//')", "mountPath must not contain empty segments ('//')")]
    [ValidationRule("self != '/workspace' && !self.startsWith('/workspace/')",
        "sidecars cannot be mounted at or under /workspace, which holds the task's workspace volume")]
    public string MountPath { get; set; } = "";

    [JsonPropertyName("readWrite")]
    [Description("Mount the sidecar volume read-write; it is mounted read-only when false or absent.")]
    public bool? ReadWrite { get; set; }
}
