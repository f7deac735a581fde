using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Kubernetes.Controllers;

/// <summary>Settings of one <see cref="Controller"/>.</summary>
public sealed record ControllerOptions
{
    /// <summary>Names the controller in logs and metrics.</summary>
    public string Name { get; init; } = "controller";

    /// <summary>Keys reconciled in parallel (never the same key twice at once).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Backoff of a key whose reconcile threw; reset by its next success.</summary>
    public JitteredBackoff RetryBackoff { get; init; } = JitteredBackoff.Reconcile;

    /// <summary>After cancellation, how long <see cref="Controller.RunAsync"/> waits for reconciles in flight.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
