namespace Oz.Operator.Kubernetes.Election;

/// <summary>Settings of <see cref="LeaderElection"/> (defaults are client-go's).</summary>
public sealed record LeaderElectionSettings
{
    /// <summary>Off for a single replica or development: this replica leads at once and for good.</summary>
    public bool Enabled { get; init; } = true;

    public string LeaseName { get; init; } = "oz-operator-leader";

    public string LeaseNamespace { get; init; } = "default";

    /// <summary>This replica's holder identity (the operator sets POD_NAME here); empty means host name plus a random suffix.</summary>
    public string? Identity { get; init; }

    /// <summary>How long a standby waits after the last observed renewal before taking the lease.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
