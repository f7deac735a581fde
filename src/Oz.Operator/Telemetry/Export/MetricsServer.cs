using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;

namespace Oz.Operator.Telemetry.Export;

/// <summary>
/// A small Kestrel listener serving <c>/metrics</c> (Prometheus text or OpenMetrics, by Accept header)
/// from the Prometheus exporter registered on <paramref name="meterProvider"/>; apart from the health
/// listener, so scraping and probing never share a port or a failure.
/// </summary>
public sealed class MetricsServer(MetricsServerOptions options, MeterProvider meterProvider, ILogger<MetricsServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The port actually bound (useful with port 0); 0 before start.</summary>
    public int Port { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.BindAddress), options.Port));
        var web = builder.Build();
        web.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: MetricsServerOptions.Path, configureBranchedPipeline: null, optionsName: null);
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
        app = web;

        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Port = address is null ? options.Port : new Uri(address).Port;
        logger.LogInformation("Metrics endpoint listening on {Address}:{Port}{Path}", options.BindAddress, Port, MetricsServerOptions.Path);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is { } web)
        {
            app = null;
            await web.StopAsync(cancellationToken).ConfigureAwait(false);
            await web.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
