namespace Oz.Operator.Kubernetes;

/// <summary>
/// What a reconcile asks of the queue. An exception thrown by a reconcile means "retry with
/// rate-limited backoff"; a result with <see cref="RequeueAfter"/> means "look again later"
/// (a timer, not an error); <see cref="Done"/> means "nothing until the next change".
/// </summary>
public sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
