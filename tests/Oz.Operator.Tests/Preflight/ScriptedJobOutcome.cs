namespace Oz.Operator.Tests.Preflight;

/// <summary>What <see cref="ScriptedJobController"/> makes of the preflight Job.</summary>
public enum ScriptedJobOutcome
{
    Complete,
    ImagePull,
    InvalidImage,
    Unschedulable,
    FailedCreate,
    FailedMount,
    InitContainerExit,
}
