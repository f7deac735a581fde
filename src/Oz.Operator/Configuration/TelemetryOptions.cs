namespace Oz.Operator.Configuration;

/// <summary>Health endpoints and metrics export.</summary>
public sealed record TelemetryOptions
{
    /// <summary>Port of the /healthz and /readyz listener.</summary>
    public int HealthPort { get; init; } = 8081;

    /// <summary>Port of the Prometheus /metrics listener (used when the exporter is "prometheus").</summary>
    public int MetricsPort { get; init; } = 9464;

    /// <summary>"prometheus" (scrape endpoint), "otlp" (push, configured by the OTEL_EXPORTER_OTLP_* variables) or "none".</summary>
    public string MetricsExporter { get; init; } = "prometheus";
}
