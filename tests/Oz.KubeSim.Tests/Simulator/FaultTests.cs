namespace Oz.KubeSim.Tests.Simulator;

// The watch tests use the ListXxxWithHttpMessagesAsync(watch: true) path controllers use today.
#pragma warning disable CS0618

public sealed class FaultTests : SimulatorTestBase
{
    [TearDown]
    public void ResetFaults() => Sim.Faults.Reset();

    [Test]
    public async Task AWatchFromACompactedResourceVersionGetsAnExpiredError()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Ns);
        Sim.Faults.Compact();
        Exception? error = null;

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(Ns, watch: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token);
        try
        {
            await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(onError: e => error = e, cancellationToken: cts.Token))
            {
            }
        }
        catch (KubernetesException e)
        {
            error = e;
        }

        Assert.That(((KubernetesException)error!).Status.Code, Is.EqualTo(410));
    }

    [Test]
    public async Task AnInjectedServerErrorRateFailsRequestsWith500()
    {
        Sim.Faults.ServerErrorRate = 1;

        var (code, status) = await FailureOf(() => Client.CoreV1.ListNamespacedConfigMapAsync(Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(500));
            Assert.That(status!.Reason, Is.EqualTo("InternalError"));
        });
    }

    [Test]
    public async Task InjectedThrottlingAnswers429WithRetryAfter()
    {
        Sim.Faults.ThrottleRate = 1;
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{Sim.Url}/api/v1/namespaces/{Ns}/configmaps");

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(429));
            Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        });
    }

    [Test]
    public async Task DroppingWatchesEndsOpenStreams()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("seed"), Ns);
        var response = Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(Ns, watch: true, cancellationToken: cts.Token);
        var seen = 0;
        await foreach (var _ in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: cts.Token))
        {
            seen++;
            Sim.Faults.DropWatches();
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(1));
            Assert.That(cts.IsCancellationRequested, Is.False);
        });
    }

    [Test]
    public async Task TheServerRestartsOnTheSamePortKeepingTheStore()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("kept"), Ns);
        var port = Sim.Port;

        await Sim.RestartAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(Sim.Port, Is.EqualTo(port));
            Assert.That((await Sim.Client.CoreV1.ReadNamespacedConfigMapAsync("kept", Ns)).Metadata.Name, Is.EqualTo("kept"));
        });
    }

    [Test]
    public async Task TheRequestLogRecordsVerbResourceAndCode()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("logged"), Ns);
        await FailureOf(() => Client.CoreV1.ReadNamespacedConfigMapAsync("absent", Ns));

        var entries = Sim.RequestLog.Entries.Where(e => e.Namespace == Ns && e.Resource == "configmaps").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(entries.Any(e => e.Verb == "create" && e.Code == 201 && e.Name is null), Is.True);
            Assert.That(entries.Any(e => e.Verb == "get" && e.Code == 404 && e.Name == "absent"), Is.True);
            Assert.That(Sim.RequestLog.Count("create", "configmaps"), Is.GreaterThanOrEqualTo(1));
        });
    }
}
