using Oz.Operator.Configuration;

namespace Oz.Operator.Telemetry.Export;

/// <summary>Where the Prometheus scrape endpoint listens.</summary>
public sealed record MetricsServerOptions
{
    public const string Path = "/metrics";

    /// <summary>Port of /metrics; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = 9464;

    /// <summary>All interfaces, dual-stack, by default: Prometheus scrapes the pod IP (see <see cref="ListenAddresses"/>).</summary>
    public string BindAddress { get; init; } = ListenAddresses.Default;
}
