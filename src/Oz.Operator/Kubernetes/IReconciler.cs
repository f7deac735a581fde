namespace Oz.Operator.Kubernetes;

/// <summary>
/// Level-triggered reconcile: given only a key, read the current state (from caches) and move
/// the world one step towards the desired state. Never sees the event that caused it.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
