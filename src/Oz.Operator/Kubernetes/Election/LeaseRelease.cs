using System.Net;
using k8s;
using k8s.Autorest;

namespace Oz.Operator.Kubernetes.Election;

/// <summary>
/// Gives up a Lease on clean shutdown, as client-go's ReleaseOnCancel does: the holder is cleared
/// so a standby takes over on its next retry instead of waiting for the lease to expire.
/// </summary>
public static class LeaseRelease
{
    /// <summary>
    /// Clears the holder of <paramref name="ns"/>/<paramref name="name"/> if it is still
    /// <paramref name="identity"/>. Call only after the leader's work has stopped. Returns whether it released.
    /// </summary>
    public static async Task<bool> ReleaseAsync(IKubernetes client, string ns, string name, string identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != identity)
            {
                return false;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = DateTime.UtcNow;

            // A replace carries the resourceVersion just read: if anyone changed the Lease since, the
            // 409 leaves it to them.
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
