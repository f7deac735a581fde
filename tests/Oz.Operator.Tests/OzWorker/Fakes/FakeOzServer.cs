using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// A scripted Oz server for tests: Kestrel on 127.0.0.1 with a random port, one WebSocket
/// endpoint at the protocol's path. Each accepted connection becomes a <see cref="FakeOzSession"/>
/// the test drives (send messages, read what the worker sent, drop, go silent).
/// </summary>
public sealed class FakeOzServer : IAsyncDisposable
{
    public const string Path = "/api/v1/selfhosted/worker/ws";

    private readonly WebApplication _app;
    private readonly Channel<FakeOzSession> _sessions = Channel.CreateUnbounded<FakeOzSession>();
    private readonly ConcurrentQueue<HandshakeRecord> _handshakes = new();
    private int _rejectNext;
    private int _silentNext;

    private FakeOzServer(WebApplication app) => _app = app;

    /// <summary>Base WebSocket URL (ws://127.0.0.1:port/…), optionally with an extra query already present.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every handshake seen, accepted or not.</summary>
    public IReadOnlyCollection<HandshakeRecord> Handshakes => _handshakes;

    /// <summary>HTTP status the next handshakes are refused with.</summary>
    public HttpStatusCode RejectStatus { get; set; } = HttpStatusCode.ServiceUnavailable;

    public static async Task<FakeOzServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOzServer(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map(Path, server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("http://", "ws://", StringComparison.Ordinal) + Path;
        return server;
    }

    /// <summary>The next <paramref name="count"/> handshakes are refused with <see cref="RejectStatus"/>.</summary>
    public void RejectNextConnections(int count) => Interlocked.Exchange(ref _rejectNext, count);

    /// <summary>The next accepted connection never reads: pings get no pong and nothing is received.</summary>
    public void MakeNextConnectionSilent() => Interlocked.Exchange(ref _silentNext, 1);

    public async Task<FakeOzSession> NextSessionAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        return await _sessions.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var record = new HandshakeRecord(
            context.Request.Headers.Authorization.ToString(),
            context.Request.Query["worker_id"].ToArray()!,
            context.Request.QueryString.Value ?? "",
            DateTimeOffset.UtcNow);
        _handshakes.Enqueue(record);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (Interlocked.Decrement(ref _rejectNext) >= 0)
        {
            context.Response.StatusCode = (int)RejectStatus;
            return;
        }

        Interlocked.Exchange(ref _rejectNext, 0);
        var silent = Interlocked.Exchange(ref _silentNext, 0) == 1;
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var session = new FakeOzSession(socket, record, silent);
        await _sessions.Writer.WriteAsync(session).ConfigureAwait(false);
        await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
