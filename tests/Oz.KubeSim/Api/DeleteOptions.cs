namespace Oz.KubeSim.Api;

/// <summary>The parts of metav1.DeleteOptions the simulator honours.</summary>
public sealed record DeleteOptions(string? PropagationPolicy = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null);
