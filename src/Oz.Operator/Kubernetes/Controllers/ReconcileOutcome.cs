namespace Oz.Operator.Kubernetes.Controllers;

/// <summary>What became of one reconcile (reported by <see cref="Controller.Reconciled"/>, for metrics).</summary>
public enum ReconcileOutcome
{
    /// <summary>Succeeded; nothing more until the next change.</summary>
    Done,

    /// <summary>Succeeded and asked to look again after a delay.</summary>
    Requeued,

    /// <summary>Threw; retried with backoff.</summary>
    Error,

    /// <summary>Interrupted by cancellation (shutdown or lost leadership); left queued.</summary>
    Cancelled,
}
