using System.Net.Sockets;
using Oz.Operator.Health;

namespace Oz.Operator.Tests.Health;

/// <summary>Health and metrics listen dual-stack by default and fall back to IPv4 where there is no IPv6.</summary>
public sealed class ListenAddressesTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("::")]
    [TestCase("[::]")]
    public void TheDefaultIsDualStackThenIpv4(string? configured) =>
        Assert.That(ListenAddresses.Candidates(configured), Is.EqualTo(new[] { IPAddress.IPv6Any, IPAddress.Any }));

    [TestCase("0.0.0.0", "0.0.0.0")]
    [TestCase("10.1.2.3", "10.1.2.3")]
    [TestCase("[fd00::1]", "fd00::1")]
    public void AnExplicitAddressIsTheOnlyCandidate(string configured, string expected) =>
        Assert.That(ListenAddresses.Candidates(configured), Is.EqualTo(new[] { IPAddress.Parse(expected) }));

    [TestCase("localhost")]
    [TestCase("0.0.0.0:8081")]
    [TestCase("fe80::1%eth0")]
    public void AHostNameOrAnAddressWithPortIsNotAnAddress(string text) =>
        Assert.That(ListenAddresses.TryParse(text, out _), Is.False);

    [Test]
    public async Task WithoutIpv6TheListenerFallsBackToIpv4()
    {
        var tried = new List<IPAddress>();

        var bound = await ListenAddresses.StartFirstAsync(ListenAddresses.Candidates(null), address =>
        {
            tried.Add(address);
            return address.AddressFamily == AddressFamily.InterNetworkV6
                ? Task.FromException<IPAddress>(new IOException("Failed to bind", new SocketException((int)SocketError.AddressFamilyNotSupported)))
                : Task.FromResult(address);
        });

        Assert.That(bound, Is.EqualTo(IPAddress.Any));
        Assert.That(tried, Is.EqualTo(new[] { IPAddress.IPv6Any, IPAddress.Any }));
    }

    [Test]
    public void APortInUseIsNotAReasonToTryIpv4()
    {
        var tried = 0;

        Assert.ThrowsAsync<IOException>(() => ListenAddresses.StartFirstAsync(ListenAddresses.Candidates(null), _ =>
        {
            tried++;
            return Task.FromException<int>(new IOException("in use", new SocketException((int)SocketError.AddressAlreadyInUse)));
        }));
        Assert.That(tried, Is.EqualTo(1));
    }

    [Test]
    public async Task TheHealthServerOnTheDefaultAddressAnswersOverIpv4AndIpv6()
    {
        await using var server = new HealthServer(new HealthOptions { Port = 0 }, new LivenessChecks(), new ReadinessGates(), NullLogger<HealthServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient();

        using var v4 = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/healthz"));
        Assert.That(v4.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        if (Socket.OSSupportsIPv6 && server.Address.Equals(IPAddress.IPv6Any))
        {
            using var v6 = await http.GetAsync(new Uri($"http://[::1]:{server.Port}/healthz"));
            Assert.That(v6.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }
}
