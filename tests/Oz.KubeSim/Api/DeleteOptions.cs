namespace Oz.KubeSim.Api;

/// <summary>The parts of metav1.DeleteOptions the simulator honours.</summary>
public sealed record DeleteOptions(string? PropagationPolicy = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null)
{
    /// <summary>gracePeriodSeconds of the request (pods: null takes spec.terminationGracePeriodSeconds; 0 deletes at once).</summary>
    public long? GracePeriodSeconds { get; init; }
}
