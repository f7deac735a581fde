using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Configuration;

/// <summary>
/// Leader election on a coordination.k8s.io Lease in the operator's namespace: any number of
/// replicas may run, one of them works. The timings follow client-go's defaults.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Prefix of the default Lease name; the worker id follows it.</summary>
    public const string DefaultLeaseNamePrefix = "oz-operator-leader-";

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The Lease's name; null means one Lease per worker (<see cref="DefaultLeaseNameFor"/>), so
    /// replicas of one worker share a Lease and different workers never wait for each other.
    /// </summary>
    public string? LeaseName { get; init; }

    /// <summary>How long a lease is valid without renewal; a standby waits this long before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up (and stops working) when it could not renew for this long.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between attempts to acquire or renew the lease.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The Lease this worker's replicas campaign for: the configured name, or the worker's default.</summary>
    public string LeaseNameFor(string workerId) => LeaseName ?? DefaultLeaseNameFor(workerId);

    /// <summary>
    /// <c>oz-operator-leader-</c> and the worker id. A worker id may hold characters a Lease name
    /// may not (upper case, '_'): then it is lowercased, '_' becomes '-', and a short hash of the
    /// exact id keeps two ids that differ only there apart.
    /// </summary>
    public static string DefaultLeaseNameFor(string workerId)
    {
        var name = DefaultLeaseNamePrefix + workerId;
        if (KubernetesSyntax.IsDnsSubdomain(name))
        {
            return name;
        }

        var readable = workerId.ToLowerInvariant().Replace('_', '-').Replace('.', '-').Trim('-');
        return $"{DefaultLeaseNamePrefix}{readable}-{KubernetesNames.LabelHash(workerId)[..8]}";
    }
}
