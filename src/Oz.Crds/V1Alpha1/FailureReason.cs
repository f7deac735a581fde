using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>Typed reason for a task that did not succeed.</summary>
[Description("Typed reason for a task that did not succeed.")]
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

    /// <summary>The API server refused to create the task's Job (403: quota, admission policy, RBAC; 422: invalid), or a Job of that name belongs to something else.</summary>
    JobCreateRefused,

    /// <summary>The spec references a Secret that is not opted in for tasks; no Job was created.</summary>
    SecretNotAllowed,

    /// <summary>A <c>copy-sidecar-N</c> init container (copying a sidecar image into its volume) exited non-zero.</summary>
    SidecarPrep,

    /// <summary>The agent succeeded but the teardown command failed (teardownFailureFailsTask).</summary>
    TeardownCommand,

    /// <summary>The namespace's Pod Security level (<c>pod-security.kubernetes.io/enforce</c>) refuses the task pod; the Job never got a pod.</summary>
    PodSecurity,
}
