using Microsoft.AspNetCore.Builder;
using Oz.Operator.Health;

namespace Oz.Operator.Tests.Health;

/// <summary>The small Kestrel listener the health and metrics servers share.</summary>
public sealed class KestrelListenerTests
{
    [Test]
    public async Task ListensOnTheBoundPortAndServesItsRoutes()
    {
        await using var listener = await KestrelListener.StartAsync("127.0.0.1", 0, web => web.MapGet("/ping", () => "pong"), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listener.Port}") };

        var answer = await http.GetStringAsync("/ping");

        Assert.Multiple(() =>
        {
            Assert.That(listener.Port, Is.GreaterThan(0), "the port actually bound, not 0");
            Assert.That(answer, Is.EqualTo("pong"));
        });
    }

    [Test]
    public async Task StoppedItNoLongerAccepts()
    {
        var listener = await KestrelListener.StartAsync("127.0.0.1", 0, web => web.MapGet("/ping", () => "pong"), CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listener.Port}") };

        await listener.StopAsync(CancellationToken.None);
        await listener.DisposeAsync();

        Assert.That(async () => await http.GetAsync("/ping"), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task AnAddressInUseFailsTheStart()
    {
        await using var first = await KestrelListener.StartAsync("127.0.0.1", 0, _ => { }, CancellationToken.None);

        Assert.That(
            async () => await KestrelListener.StartAsync("127.0.0.1", first.Port, _ => { }, CancellationToken.None),
            Throws.InstanceOf<IOException>());
    }
}
