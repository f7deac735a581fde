using k8s.Autorest;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>The API metrics handler inside a real KubernetesClient, against the simulator, scraped from /metrics.</summary>
[NonParallelizable]
public sealed class KubernetesApiMetricsHandlerTests
{
    private TelemetryHost host = null!;
    private KubeSimServer sim = null!;
    private k8s.Kubernetes client = null!;

    [SetUp]
    public async Task SetUp()
    {
        host = await TelemetryHost.StartAsync();
        sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });
        client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = sim.Url }, new KubernetesApiMetricsHandler(host.Metrics));
    }

    [TearDown]
    public async Task TearDown()
    {
        client.Dispose();
        await sim.DisposeAsync();
        await host.DisposeAsync();
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };

    private static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } };

    [Test]
    public async Task RequestsAreCountedByVerbResourceAndCode()
    {
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        await client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("missing", "default"));
        Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default"));
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.MergePatch), "a", "default");
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=create", "resource=configmaps", "code=201"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=create", "resource=configmaps", "code=409"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=get", "resource=configmaps", "code=200"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=get", "resource=configmaps", "code=404"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=list", "resource=configmaps", "code=200"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=patch", "resource=configmaps", "code=200"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=delete", "resource=configmaps", "code=200"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_request_duration_seconds_count", "verb=get", "resource=configmaps"), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AWatchCountsOnceWhenItsStreamStarts()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pods = KubernetesListerWatchers.Pods(client, "default");
        var list = await pods.ListAsync(null, stop.Token);
        await using var events = pods.WatchAsync(new WatchRequest(list.ResourceVersion, null, AllowBookmarks: false, TimeoutSeconds: 30), stop.Token).GetAsyncEnumerator(stop.Token);
        var next = events.MoveNextAsync();
        await sim.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("unrelated"), "default");
        await client.CoreV1.CreateNamespacedPodAsync(Pod("p"), "default");
        Assert.That(await next, Is.True, "the watch delivered the pod");

        var scrape = await host.ScrapeAsync();
        await stop.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=watch", "resource=pods", "code=200"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=list", "resource=pods", "code=200"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ARequestWithoutAResponseCountsAsError()
    {
        await sim.StopAsync();

        Assert.ThrowsAsync<HttpRequestException>(() => client.CoreV1.ListNamespacedConfigMapAsync("default"));
        var scrape = await host.ScrapeAsync();

        Assert.That(scrape.Value("oz_operator_kubernetes_requests_total", "verb=list", "resource=configmaps", "code=error"), Is.EqualTo(1));
    }
}
