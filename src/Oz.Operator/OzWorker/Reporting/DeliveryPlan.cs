using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.OzWorker.Reporting;

/// <summary>
/// The answer of <see cref="ReportDeliveries.Plan"/>: the step, and for <see cref="DeliveryStep.Send"/>
/// the connection to send on and whether this report was written to an earlier connection already.
/// </summary>
public sealed record DeliveryPlan(DeliveryStep Step, IReportChannel? Channel, long Session, bool Resend)
{
    public static DeliveryPlan NotConnected { get; } = new(DeliveryStep.NotConnected, null, 0, false);

    public static DeliveryPlan AwaitingProof { get; } = new(DeliveryStep.AwaitingProof, null, 0, false);

    public static DeliveryPlan Delivered { get; } = new(DeliveryStep.Delivered, null, 0, false);
}
