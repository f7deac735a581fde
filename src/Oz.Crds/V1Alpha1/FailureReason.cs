using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>Typed reason for a task that did not succeed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureReason>))]
public enum FailureReason
{
    ImagePull,
    InvalidImage,
    Unschedulable,
    ContainerOOM,
    ContainerExit,
    InitContainer,
    SetupCommand,
    VolumeMount,
    Evicted,
    DeadlineExceeded,
    JobDeleted,
    ContainerCreate,
    Cancelled,
}
