using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Oz.Operator.Configuration;
using Oz.Operator.Telemetry.Metrics;
using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.Telemetry.Export;

/// <summary>
/// Registers the operator's telemetry on a service collection: <see cref="OperatorMetrics"/>, the
/// OpenTelemetry MeterProvider (Meter <c>Oz.Operator</c>) and TracerProvider (ActivitySource
/// <c>Oz.Operator</c>), the exporters <see cref="TelemetryExporters.Select"/> picks, and, for
/// Prometheus, the <see cref="MetricsServer"/> as a hosted service. Providers are built when the host
/// starts (or when first resolved).
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "oz-operator";

    /// <param name="services">The host's services.</param>
    /// <param name="options">The telemetry section of the operator configuration.</param>
    /// <param name="environment">The process environment (for the OTEL_* variables); defaults to the real one.</param>
    /// <param name="metricsServer">Overrides port/address of /metrics (tests use port 0 on loopback).</param>
    /// <param name="workerId">The worker id, as the resource attribute <c>worker.id</c> (the reference worker's).</param>
    public static IServiceCollection AddOperatorTelemetry(
        this IServiceCollection services,
        TelemetryOptions options,
        IReadOnlyDictionary<string, string>? environment = null,
        MetricsServerOptions? metricsServer = null,
        string? workerId = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var exporters = TelemetryExporters.Select(options, environment ?? ProcessEnvironment());
        services.AddSingleton(exporters);
        services.AddSingleton<OperatorMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString())
                .AddAttributes(ResourceAttributes(workerId)))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(OperatorMetrics.MeterName);
                if (exporters.Prometheus)
                {
                    // Prometheus scrapes every 15-60 s: caching responses buys nothing and shows stale values.
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (exporters.OtlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Spans are made even without an exporter: log lines inside them carry trace ids.
                tracing.AddSource(OperatorTracing.SourceName);
                if (exporters.OtlpTraces)
                {
                    tracing.AddOtlpExporter();
                }
            });

        if (exporters.Prometheus)
        {
            services.AddSingleton(metricsServer ?? new MetricsServerOptions { Port = options.MetricsPort, BindAddress = options.MetricsAddress });
            services.AddSingleton<MetricsServer>();
            services.AddHostedService(sp => sp.GetRequiredService<MetricsServer>());
        }

        return services;
    }

    /// <summary>The reference worker's resource attributes: <c>worker.backend</c>, and <c>worker.id</c> when known.</summary>
    private static Dictionary<string, object> ResourceAttributes(string? workerId)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal) { [ReferenceWorkerMetrics.WorkerBackendAttribute] = ReferenceWorkerMetrics.Backend };
        if (!string.IsNullOrEmpty(workerId))
        {
            attributes[ReferenceWorkerMetrics.WorkerIdAttribute] = workerId;
        }

        return attributes;
    }

    private static Dictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
