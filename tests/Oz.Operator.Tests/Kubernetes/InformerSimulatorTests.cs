using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>Informers end to end: the real KubernetesClient against the API simulator over HTTP.</summary>
public sealed class InformerSimulatorTests
{
    private static readonly InformerOptions Options = new()
    {
        ResyncPeriod = TimeSpan.Zero,
        Backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)),
    };

    private KubeSimServer sim = null!;
    private CancellationTokenSource stop = null!;

    [SetUp]
    public async Task SetUp()
    {
        sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });
        stop = new CancellationTokenSource();
    }

    [TearDown]
    public async Task TearDown()
    {
        await stop.CancelAsync();
        stop.Dispose();
        await sim.DisposeAsync();
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "oz" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
    };

    private static V1Job Job(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            },
        },
    };

    private async Task<(Informer<V1Pod> Informer, RecordingHandler<V1Pod> Handler)> StartPodsAsync()
    {
        var informer = new Informer<V1Pod>(KubernetesListerWatchers.Pods(sim.Client, "default"), Options with { Name = "pods", LabelSelector = "app=oz" }, NullLogger<Informer<V1Pod>>.Instance);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        _ = informer.RunAsync(stop.Token);
        await Eventually.Within(informer.WaitForSyncAsync(CancellationToken.None), "pods synced");
        return (informer, handler);
    }

    private static string[] Names(Informer<V1Pod> informer) => [.. informer.Cache.List().Select(p => p.Metadata.Name).Order()];

    [Test]
    public async Task EachInformerHoldsExactlyOneWatchStreamWhateverTheNumberOfObjects()
    {
        for (var i = 0; i < 20; i++)
        {
            await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod($"p{i}"), "default");
        }

        var (pods, _) = await StartPodsAsync();
        var jobs = new Informer<V1Job>(KubernetesListerWatchers.Jobs(sim.Client, "default"), Options with { Name = "jobs" }, NullLogger<Informer<V1Job>>.Instance);
        _ = jobs.RunAsync(stop.Token);
        await Eventually.Within(jobs.WaitForSyncAsync(CancellationToken.None), "jobs synced");
        for (var i = 0; i < 10; i++)
        {
            await sim.Client.BatchV1.CreateNamespacedJobAsync(Job($"j{i}"), "default");
            await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod($"q{i}"), "default");
        }

        await Eventually.Until(() => pods.Cache.List().Count == 30 && jobs.Cache.List().Count == 10, "every object cached");

        // The simulator logs a watch when it ends: none ended yet, and closing all open streams
        // now finds exactly one per informer.
        Assert.That(sim.RequestLog.Count("watch", "pods") + sim.RequestLog.Count("watch", "jobs"), Is.Zero);
        Assert.That(sim.Faults.DropWatches(), Is.EqualTo(2));
        Assert.That(sim.RequestLog.Count("list", "pods"), Is.EqualTo(1));
        Assert.That(sim.RequestLog.Count("list", "jobs"), Is.EqualTo(1));
    }

    [Test]
    public async Task AfterTheServerDropsStreamsTheInformerResumesWithoutRelistingOrMissingChanges()
    {
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("a"), "default");
        var (informer, handler) = await StartPodsAsync();
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("b"), "default");
        await Eventually.Until(() => Names(informer).Length == 2, "b cached");

        for (var round = 0; round < 3; round++)
        {
            // A change made right after the drop can only arrive through a resumed stream.
            Assert.That(sim.Faults.DropWatches(), Is.EqualTo(1));
            await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod($"c{round}"), "default");
            await Eventually.Until(() => Names(informer).Contains($"c{round}"), $"c{round} cached");
        }

        await sim.Client.CoreV1.DeleteNamespacedPodAsync("a", "default", gracePeriodSeconds: 0);
        await Eventually.Until(() => Names(informer).SequenceEqual(["b", "c0", "c1", "c2"]), "changes made between drops");
        Assert.That(sim.RequestLog.Count("list", "pods"), Is.EqualTo(1), "resuming must not relist");
        Assert.That(handler.Events.Count(e => e.StartsWith("add ", StringComparison.Ordinal)), Is.EqualTo(5), "no object added twice");
        Assert.That(informer.WatchRestarts, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task AfterHistoryIsCompactedTheInformerRelistsAndReportsWhatItMissed()
    {
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("kept"), "default");
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("deleted"), "default");
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("changed"), "default");
        var (informer, handler) = await StartPodsAsync();
        handler.Events.Clear();

        // Keep the informer off the stream while changes happen and history is forgotten.
        sim.Faults.Applies = (verb, resource) => verb == "watch" && resource == "pods";
        sim.Faults.ServerErrorRate = 1;
        sim.Faults.DropWatches();
        await sim.Client.CoreV1.DeleteNamespacedPodAsync("deleted", "default", gracePeriodSeconds: 0);
        var changed = await sim.Client.CoreV1.ReadNamespacedPodAsync("changed", "default");
        changed.Metadata.Labels["extra"] = "1";
        await sim.Client.CoreV1.ReplaceNamespacedPodAsync(changed, "changed", "default");
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("added"), "default");
        sim.Faults.Compact();
        sim.Faults.Reset();

        await Eventually.Until(() => Names(informer).SequenceEqual(["added", "changed", "kept"]), "the relisted state");
        await Eventually.Until(() => handler.Events.Count == 3, "three synthetic events");
        Assert.That(handler.Events.Select(e => e.Split(' ')[0] + " " + e.Split(' ')[1]), Is.EquivalentTo(new[] { "delete deleted", "update changed", "add added" }));
        Assert.That(sim.RequestLog.Count("list", "pods"), Is.EqualTo(2));
        Assert.That(informer.Cache.Get(new ObjectKey("default", "changed"))!.Metadata.Labels["extra"], Is.EqualTo("1"));
    }

    [Test]
    public async Task AMalformedWatchEventIsSkippedWithOneWarningAndTheInformerRelistsPastIt()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var informer = new Informer<V1Pod>(KubernetesListerWatchers.Pods(sim.Client, "default"), Options with { Name = "pods", LabelSelector = "app=oz" }, factory.CreateLogger<Informer<V1Pod>>());
        var restarts = new ConcurrentQueue<WatchRestartReason>();
        informer.WatchRestarted += restarts.Enqueue;
        _ = informer.RunAsync(stop.Token);
        await Eventually.Within(informer.WaitForSyncAsync(CancellationToken.None), "pods synced");

        sim.Faults.MalformWatchEvents(1, "pods");
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("broken"), "default");
        await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod("after"), "default");

        // Resuming at the same resourceVersion would meet the broken event forever; past it, both pods arrive.
        await Eventually.Until(() => Names(informer).SequenceEqual(["after", "broken"]), "both pods cached");
        Assert.That(informer.SkippedEvents, Is.EqualTo(1));
        Assert.That(restarts, Does.Contain(WatchRestartReason.UndecodableEvent));
        Assert.That(sim.RequestLog.Count("list", "pods"), Is.EqualTo(2), "relisted once, for the named object");
        var warnings = logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.Contain("default/broken"));
    }

    [Test]
    public async Task BookmarksFromTheServerAdvanceTheResumeVersion()
    {
        var (informer, _) = await StartPodsAsync();
        var listed = informer.ResourceVersion;

        // Objects the informer does not select still advance the server's revision; bookmarks carry it.
        var other = Pod("unselected");
        other.Metadata.Labels["app"] = "other";
        await sim.Client.CoreV1.CreateNamespacedPodAsync(other, "default");

        await Eventually.Until(() => informer.ResourceVersion != listed, "a bookmark to move the resourceVersion");
    }
}
