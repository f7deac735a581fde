using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Oz.Operator.Configuration;
using Oz.Operator.Telemetry.Export;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Hosting;

/// <summary>
/// The operator's metrics and traces outside a generic host: the OpenTelemetry providers that
/// <see cref="TelemetrySetup.AddOperatorTelemetry"/> registers, built at once so they listen before
/// anything records, and the <c>/metrics</c> listener when the Prometheus exporter is chosen.
/// </summary>
public sealed class OperatorTelemetry : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private OperatorTelemetry(ServiceProvider services)
    {
        this.services = services;
        _ = services.GetService<MeterProvider>();
        _ = services.GetService<TracerProvider>();
        Metrics = services.GetRequiredService<OperatorMetrics>();
        MetricsServer = services.GetService<MetricsServer>();
    }

    public OperatorMetrics Metrics { get; }

    /// <summary>The <c>/metrics</c> listener; null when metrics are not exported to Prometheus.</summary>
    public MetricsServer? MetricsServer { get; }

    public static OperatorTelemetry Create(TelemetryOptions options, ILoggerFactory loggers, IReadOnlyDictionary<string, string>? environment = null, string? workerId = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var collection = new ServiceCollection();
        collection.AddSingleton(loggers);
        collection.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        collection.AddOperatorTelemetry(options, environment, workerId: workerId);
        return new OperatorTelemetry(collection.BuildServiceProvider());
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        MetricsServer?.StartAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        MetricsServer?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await services.DisposeAsync().ConfigureAwait(false);
}
