namespace Oz.Operator.Configuration;

/// <summary>Health endpoints and metrics export.</summary>
public sealed record TelemetryOptions
{
    /// <summary>Port of the /healthz and /readyz listener.</summary>
    public int HealthPort { get; init; } = 8081;

    /// <summary>Address of the health listener: "::" (all interfaces, dual-stack; 0.0.0.0 on a host without IPv6) or one IP address.</summary>
    public string HealthAddress { get; init; } = "::";

    /// <summary>Address of the metrics listener, as <see cref="HealthAddress"/>.</summary>
    public string MetricsAddress { get; init; } = "::";

    /// <summary>Port of the Prometheus /metrics listener (used when the exporter is "prometheus").</summary>
    public int MetricsPort { get; init; } = 9464;

    /// <summary>"prometheus" (scrape endpoint), "otlp" (push, configured by the OTEL_EXPORTER_OTLP_* variables) or "none".</summary>
    public string MetricsExporter { get; init; } = "prometheus";
}
