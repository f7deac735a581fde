using Oz.Operator.Health;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>/readyz follows the preflight gate, and the preflight gauge follows it too.</summary>
[NonParallelizable]
public sealed class ReadinessTests
{
    [Test]
    public async Task ReadyzFailsBeforePreflightPassesAndSucceedsAfter()
    {
        var gates = new ReadinessGates();
        using var metrics = new OperatorMetrics();
        var preflight = new PreflightGate(gates, metrics);
        await using var server = new HealthServer(new HealthOptions { Port = 0, BindAddress = "127.0.0.1" }, new LivenessChecks(), gates, NullLogger<HealthServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };

        using var before = await http.GetAsync("/readyz");
        var beforeBody = await before.Content.ReadAsStringAsync();
        preflight.Complete(passed: true);
        using var after = await http.GetAsync("/readyz");

        Assert.Multiple(() =>
        {
            Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(beforeBody, Does.Contain("[-]preflight failed"));
            Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public void AFailedPreflightKeepsTheGateClosedWithItsReason()
    {
        var gates = new ReadinessGates();
        using var metrics = new OperatorMetrics();
        var preflight = new PreflightGate(gates, metrics);

        preflight.Complete(passed: false, "permissions: cannot create jobs");

        Assert.Multiple(() =>
        {
            Assert.That(gates.IsReady, Is.False);
            Assert.That(gates.Snapshot().Single().Reason, Is.EqualTo("permissions: cannot create jobs"));
        });
    }
}
