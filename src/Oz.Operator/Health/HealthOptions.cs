using Oz.Operator.Configuration;

namespace Oz.Operator.Health;

/// <summary>Settings of the <see cref="HealthServer"/>.</summary>
public sealed record HealthOptions
{
    /// <summary>Port of /healthz and /readyz; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 8081;

    /// <summary>Address to listen on: all interfaces, dual-stack, by default (probes come from the kubelet; see <see cref="ListenAddresses"/>).</summary>
    public string BindAddress { get; init; } = ListenAddresses.Default;

    /// <summary>An informer whose list/watch has failed without a success for longer than this makes /readyz fail.</summary>
    public TimeSpan InformerFailureThreshold { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>No progress of the process for this long makes /healthz fail (<see cref="ProgressWatchdog"/>).</summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(1);
}
