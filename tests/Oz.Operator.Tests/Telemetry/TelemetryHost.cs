using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Oz.Operator.Telemetry.Export;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>The operator's telemetry services as the host registers them, with /metrics on a free loopback port.</summary>
public sealed class TelemetryHost : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> hosted;

    private TelemetryHost(ServiceProvider services, List<IHostedService> hosted)
    {
        this.services = services;
        this.hosted = hosted;
        Metrics = services.GetRequiredService<OperatorMetrics>();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{services.GetRequiredService<MetricsServer>().Port}") };
    }

    public OperatorMetrics Metrics { get; }

    public HttpClient Http { get; }

    public static async Task<TelemetryHost> StartAsync(string? workerId = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.ClearProviders());
        collection.AddOperatorTelemetry(new TelemetryOptions(), new Dictionary<string, string>(), new MetricsServerOptions { Port = 0, BindAddress = "127.0.0.1" }, workerId);
        var provider = collection.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new TelemetryHost(provider, hosted);
    }

    /// <summary>The /metrics page as Prometheus sees it.</summary>
    public async Task<Scrape> ScrapeAsync()
    {
        using var response = await Http.GetAsync(MetricsServerOptions.Path);
        response.EnsureSuccessStatusCode();
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }

        await services.DisposeAsync();
    }
}
