namespace Oz.Operator.Configuration;

/// <summary>
/// Leader election on a coordination.k8s.io Lease in the operator's namespace: any number of
/// replicas may run, one of them works. The timings follow client-go's defaults.
/// </summary>
public sealed record LeaderElectionOptions
{
    public const string DefaultLeaseName = "oz-operator-leader";

    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = DefaultLeaseName;

    /// <summary>How long a lease is valid without renewal; a standby waits this long before taking over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up (and stops working) when it could not renew for this long.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between attempts to acquire or renew the lease.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
