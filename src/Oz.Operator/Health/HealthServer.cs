using System.Text;
using Oz.Operator.Configuration;

namespace Oz.Operator.Health;

/// <summary>
/// A small Kestrel listener for the kubelet's probes: <c>/healthz</c> (liveness: the
/// <see cref="LivenessChecks"/>) and <c>/readyz</c> (readiness: the <see cref="ReadinessGates"/>).
/// Answers 200 "ok" or 503 with the failing checks, one per line; <c>?verbose</c> lists every check,
/// in the style of the API server's own endpoints.
/// </summary>
public sealed class HealthServer(HealthOptions options, LivenessChecks liveness, ReadinessGates readiness, ILogger<HealthServer> logger)
    : IHostedService, IAsyncDisposable
{
    private KestrelListener? listener;

    /// <summary>The port actually bound (useful with <see cref="HealthOptions.Port"/> 0); 0 before start.</summary>
    public int Port { get; private set; }

    /// <summary>The address actually bound; <see cref="System.Net.IPAddress.None"/> before start.</summary>
    public System.Net.IPAddress Address { get; private set; } = System.Net.IPAddress.None;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        listener = await KestrelListener.StartAsync(
            options.BindAddress,
            options.Port,
            web =>
            {
                web.MapGet("/healthz", (HttpContext context) => Answer(context, liveness.Run()));
                web.MapGet("/livez", (HttpContext context) => Answer(context, liveness.Run()));
                web.MapGet("/readyz", (HttpContext context) => Answer(context, readiness.Snapshot()));
            },
            cancellationToken).ConfigureAwait(false);
        Port = listener.Port;
        Address = listener.Address;
        logger.LogInformation("Health endpoints listening on {Address}:{Port}", ListenAddresses.Display(Address), Port);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref listener, null)?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private static IResult Answer(HttpContext context, IReadOnlyList<HealthCheckResult> results)
    {
        var healthy = results.All(r => r.Healthy);
        var verbose = context.Request.Query.ContainsKey("verbose");
        var text = new StringBuilder();
        foreach (var result in results.Where(r => verbose || !r.Healthy))
        {
            text.Append(result.Healthy ? "[+]" : "[-]").Append(result.Name)
                .Append(result.Healthy ? " ok" : $" failed: {result.Reason}").Append('\n');
        }

        text.Append(healthy ? "ok\n" : "check failed\n");
        return Results.Text(text.ToString(), "text/plain", Encoding.UTF8, healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
