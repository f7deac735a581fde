using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Oz.Operator.Configuration;

namespace Oz.Operator.Health;

/// <summary>
/// A small Kestrel listener on one address and port, for the operator's own endpoints (health,
/// metrics): a slim web app without the host's logging, each endpoint on its own port so that
/// one failing never takes the other with it.
/// </summary>
public sealed class KestrelListener : IAsyncDisposable
{
    private WebApplication? app;

    private KestrelListener(WebApplication app, IPAddress address, int port)
    {
        this.app = app;
        Address = address;
        Port = port;
    }

    /// <summary>The address actually bound (0.0.0.0 where "::" was asked for on a host without IPv6).</summary>
    public IPAddress Address { get; }

    /// <summary>The port actually bound (the free one chosen for port 0).</summary>
    public int Port { get; }

    /// <summary>
    /// Binds <paramref name="bindAddress"/>:<paramref name="port"/> (see <see cref="ListenAddresses"/>:
    /// "::" is dual-stack, falling back to 0.0.0.0 without IPv6), maps the routes with
    /// <paramref name="map"/> and starts.
    /// </summary>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static Task<KestrelListener> StartAsync(string? bindAddress, int port, Action<WebApplication> map, CancellationToken cancellationToken) =>
        ListenAddresses.StartFirstAsync(ListenAddresses.Candidates(bindAddress), address => StartAsync(address, port, map, cancellationToken));

    private static async Task<KestrelListener> StartAsync(IPAddress bindAddress, int port, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        // The builder's default appsettings.json sources watch the working directory, recursively,
        // for changes: a file-system watcher thread that woke on every write there (a log file
        // beside the operator, a repository it was started from) for configuration never used.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(bindAddress, port));
        var web = builder.Build();
        map(web);
        try
        {
            await web.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await web.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new KestrelListener(web, bindAddress, address is null ? port : new Uri(address).Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref app, null) is { } web)
        {
            await web.StopAsync(cancellationToken).ConfigureAwait(false);
            await web.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
