using Oz.Operator.Configuration;

namespace Oz.Operator.Telemetry.Export;

/// <summary>
/// Which exporters run, from <see cref="TelemetryOptions.MetricsExporter"/> and the standard
/// OpenTelemetry variables: <c>OTEL_SDK_DISABLED=true</c> turns everything off;
/// <c>OTEL_METRICS_EXPORTER</c> (a comma list of prometheus, otlp, none), when set, replaces the
/// configured metrics exporter; traces go to OTLP when <c>OTEL_TRACES_EXPORTER</c> says otlp, or, when
/// it is unset, when an OTLP endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) or metrics already go to OTLP. The OTLP exporter itself
/// reads the other <c>OTEL_EXPORTER_OTLP_*</c> variables (endpoint, protocol, headers, timeout).
/// </summary>
public sealed record TelemetryExporters(bool Prometheus, bool OtlpMetrics, bool OtlpTraces)
{
    public static TelemetryExporters Select(TelemetryOptions options, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        if (string.Equals(Get("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetryExporters(false, false, false);
        }

        var metrics = List(Get("OTEL_METRICS_EXPORTER") ?? options.MetricsExporter);
        var otlpMetrics = metrics.Contains("otlp");
        var otlpTraces = Get("OTEL_TRACES_EXPORTER") is { } traces
            ? List(traces).Contains("otlp")
            : otlpMetrics || Get("OTEL_EXPORTER_OTLP_ENDPOINT") is not null || Get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") is not null;
        return new TelemetryExporters(metrics.Contains("prometheus"), otlpMetrics, otlpTraces);
    }

    private static HashSet<string> List(string value) =>
        new(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => v.ToLowerInvariant()), StringComparer.Ordinal);
}
