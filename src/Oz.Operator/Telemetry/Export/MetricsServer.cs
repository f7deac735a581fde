using OpenTelemetry.Metrics;
using Oz.Operator.Configuration;
using Oz.Operator.Health;

namespace Oz.Operator.Telemetry.Export;

/// <summary>
/// A small Kestrel listener serving <c>/metrics</c> (Prometheus text or OpenMetrics, by Accept header)
/// from the Prometheus exporter registered on <paramref name="meterProvider"/>; apart from the health
/// listener, so scraping and probing never share a port or a failure.
/// </summary>
public sealed class MetricsServer(MetricsServerOptions options, MeterProvider meterProvider, ILogger<MetricsServer> logger) : IHostedService, IAsyncDisposable
{
    private KestrelListener? listener;

    /// <summary>The port actually bound (useful with port 0); 0 before start.</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        listener = await KestrelListener.StartAsync(
            options.BindAddress,
            options.Port,
            web => web.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider, predicate: null, path: MetricsServerOptions.Path, configureBranchedPipeline: null, optionsName: null),
            cancellationToken).ConfigureAwait(false);
        Port = listener.Port;
        logger.LogInformation("Metrics endpoint listening on {Address}:{Port}{Path}", ListenAddresses.Display(listener.Address), Port, MetricsServerOptions.Path);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref listener, null)?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
