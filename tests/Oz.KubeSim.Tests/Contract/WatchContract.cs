using System.Text.Json;

// The ListXxxWithHttpMessagesAsync(watch: true) + WatchAsync path is what controllers use today; keep it covered.
#pragma warning disable CS0618

namespace Oz.KubeSim.Tests.Contract;

/// <summary>Watch semantics through the real client: resourceVersion, selectors, bookmarks, timeouts.</summary>
public abstract class WatchContract : ClusterTestBase
{
    /// <summary>Collects events of a configmap watch until <paramref name="until"/> says stop.</summary>
    private async Task<List<(WatchEventType Type, string Name)>> CollectAsync(
        string? resourceVersion, Func<List<(WatchEventType Type, string Name)>, bool> until, Func<Task>? afterStart = null,
        string? labelSelector = null, bool bookmarks = false, int? timeoutSeconds = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var events = new List<(WatchEventType, string)>();
        var response = Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
            Ns, watch: true, resourceVersion: resourceVersion, labelSelector: labelSelector,
            allowWatchBookmarks: bookmarks, timeoutSeconds: timeoutSeconds, cancellationToken: cts.Token);
        var started = false;
        await foreach (var (type, item) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: cts.Token))
        {
            events.Add((type, item.Metadata?.Name ?? ""));
            if (!started && afterStart is not null)
            {
                started = true;
                await afterStart();
            }

            if (until(events))
            {
                break;
            }
        }

        return events;
    }

    [Test]
    public async Task AWatchWithoutResourceVersionStartsWithAddedEventsForExistingObjects()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), Ns);

        var events = await CollectAsync(null, e => e.Count(x => x.Name is "a" or "b") == 2);

        Assert.That(events.Where(e => e.Name is "a" or "b"), Is.EqualTo(new[] { (WatchEventType.Added, "a"), (WatchEventType.Added, "b") }));
    }

    [Test]
    public async Task AWatchFromAListResourceVersionSeesOnlyLaterChanges()
    {
        // Only this test's objects: a real cluster adds kube-root-ca.crt to new namespaces at any moment.
        var mine = new Dictionary<string, string> { ["w"] = "mine" };
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before", mine), Ns);
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: "w=mine");
        var updated = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after", mine), Ns);
        updated.Data["k"] = "2";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(updated, "after", Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("after", Ns);

        var events = await CollectAsync(list.Metadata.ResourceVersion, e => e.Count >= 3, labelSelector: "w=mine");

        Assert.That(events, Is.EqualTo(new[] { (WatchEventType.Added, "after"), (WatchEventType.Modified, "after"), (WatchEventType.Deleted, "after") }));
    }

    [Test]
    public async Task AWatchDeliversChangesMadeWhileItIsOpen()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("seed"), Ns);

        var events = await CollectAsync(null, e => e.Any(x => x.Name == "live"), afterStart: () =>
            Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("live"), Ns));

        Assert.That(events, Does.Contain((WatchEventType.Added, "live")));
    }

    [Test]
    public async Task AWatchWithALabelSelectorSeesOnlyMatchingObjects()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("mine", new Dictionary<string, string> { ["w"] = "yes" }), Ns);

        var events = await CollectAsync(list.Metadata.ResourceVersion, e => e.Count >= 1, labelSelector: "w=yes");

        Assert.That(events, Is.EqualTo(new[] { (WatchEventType.Added, "mine") }));
    }

    [Test]
    public async Task AnObjectLeavingTheSelectorIsSeenAsDeleted()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("leaver", new Dictionary<string, string> { ["w"] = "yes" }), Ns);
        created.Metadata.Labels["w"] = "no";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "leaver", Ns);

        var events = await CollectAsync(created.Metadata.ResourceVersion, e => e.Count >= 1, labelSelector: "w=yes");

        Assert.That(events, Is.EqualTo(new[] { (WatchEventType.Deleted, "leaver") }));
    }

    [Test]
    public async Task AWatchEndsAfterTimeoutSeconds()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        var started = DateTime.UtcNow;

        List<(WatchEventType Type, string Name)> events = [];
        try
        {
            // The selector keeps out kube-root-ca.crt, which a real cluster may add during the watch.
            events = await CollectAsync(list.Metadata.ResourceVersion, _ => false, labelSelector: "w=mine", timeoutSeconds: 1);
        }
        catch (HttpRequestException)
        {
            // The client reports a watch that ends before its first line as a failed read; either way the stream ended.
        }

        Assert.Multiple(() =>
        {
            Assert.That(events, Is.Empty);
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
    }

    [Test]
    public async Task WatchEventsCarryIncreasingResourceVersions()
    {
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns);
        for (var i = 0; i < 3; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"rv{i}", new Dictionary<string, string> { ["w"] = "mine" }), Ns);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var versions = new List<long>();
        var response = Client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(Ns, watch: true, resourceVersion: list.Metadata.ResourceVersion, labelSelector: "w=mine", cancellationToken: cts.Token);
        await foreach (var (_, item) in response.WatchAsync<V1ConfigMap, V1ConfigMapList>(cancellationToken: cts.Token))
        {
            versions.Add(long.Parse(item.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
            if (versions.Count == 3)
            {
                break;
            }
        }

        Assert.That(versions, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public async Task AGenericCustomObjectWatchDeliversEvents()
    {
        await TestCrd.EnsureAsync(Client);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(TestCrd.Widget("watched"), TestCrd.Group, TestCrd.CrdVersion, Ns, TestCrd.Plural);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var names = new List<string>();
        var response = Client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync(TestCrd.Group, TestCrd.CrdVersion, Ns, TestCrd.Plural, watch: true, cancellationToken: cts.Token);
        await foreach (var (type, item) in response.WatchAsync<JsonElement, object>(cancellationToken: cts.Token))
        {
            names.Add($"{type}:{item.GetProperty("metadata").GetProperty("name").GetString()}");
            break;
        }

        Assert.That(names, Is.EqualTo(new[] { "Added:watched" }));
    }
}
