namespace Oz.KubeSim.Controllers;

/// <summary>What the simulated kubelet makes of a container (or a whole pod).</summary>
public enum OutcomeKind
{
    Succeed,
    Exit,
    OomKilled,
    ErrImagePull,
    InvalidImageName,
    Unschedulable,
    Evicted,
    FailedMount,
    CreateContainerConfigError,

    /// <summary>Runs until deleted or killed by a deadline.</summary>
    Hang,
}
