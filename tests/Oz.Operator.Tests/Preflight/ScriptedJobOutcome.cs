namespace Oz.Operator.Tests.Preflight;

/// <summary>What <see cref="ScriptedJobController"/> makes of the preflight Job.</summary>
public enum ScriptedJobOutcome
{
    Complete,
    ImagePull,
    InvalidImage,
    Unschedulable,
    FailedCreate,

    /// <summary>A FailedCreate (e.g. the namespace's default ServiceAccount not there yet), then a pod that completes.</summary>
    FailedCreateThenComplete,
    FailedMount,
    InitContainerExit,
}
