using Oz.Operator.Health;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// The preflight's mark on readiness and metrics: /readyz stays failing (gate
/// <see cref="ReadinessGates.Preflight"/>) until <see cref="Complete"/> reports a pass, and
/// <c>oz_operator_preflight_passed</c> says the same.
/// </summary>
public sealed class PreflightGate
{
    private readonly ReadinessGates gates;
    private readonly OperatorMetrics metrics;

    public PreflightGate(ReadinessGates gates, OperatorMetrics metrics)
    {
        this.gates = gates;
        this.metrics = metrics;
        gates.Require(ReadinessGates.Preflight, "preflight checks not run yet");
    }

    public void Complete(bool passed, string? failure = null)
    {
        metrics.RecordPreflight(passed);
        if (passed)
        {
            gates.Open(ReadinessGates.Preflight);
        }
        else
        {
            gates.Close(ReadinessGates.Preflight, failure ?? "preflight checks failed");
        }
    }
}
