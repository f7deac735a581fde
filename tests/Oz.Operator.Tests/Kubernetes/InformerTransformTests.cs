using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>What the informer does to an object before caching it: managedFields dropped, strings pooled, its transform.</summary>
public sealed class InformerTransformTests : StoppedAtTearDown
{
    private static readonly InformerOptions Fast = new()
    {
        Name = "pods",
        ResyncPeriod = TimeSpan.Zero,
        MinHealthyWatchDuration = TimeSpan.Zero,
        Backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)),
        Strings = new StringPool(),
    };

    // Every string its own instance, as each decoded object has them.
    private static V1Pod DecodedPod(string name, string resourceVersion)
    {
        var pod = TestObjects.Pod(name, resourceVersion, new Dictionary<string, string> { [Copy("app")] = Copy("agent") }, Copy("tasks"));
        pod.ApiVersion = Copy("v1");
        pod.Kind = Copy("Pod");
        pod.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet", Operation = "Update" }];
        pod.Metadata.Finalizers = [Copy("example.com/cleanup")];
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = Copy("batch/v1"), Kind = Copy("Job"), Name = "job-" + name, Uid = "uid-" + name }];
        return pod;
    }

    private static string Copy(string value) => new(value.AsSpan());

    private (Informer<V1Pod> Informer, List<V1Pod> Seen) Start(FakeListerWatcher<V1Pod> api, InformerOptions options)
    {
        var informer = new Informer<V1Pod>(api, options, NullLogger<Informer<V1Pod>>.Instance);
        var seen = new List<V1Pod>();
        void Record(V1Pod pod)
        {
            lock (seen)
            {
                seen.Add(pod);
            }
        }

        informer.AddEventHandler(new ResourceEventHandler<V1Pod>(onAdd: Record, onUpdate: (_, pod) => Record(pod)));
        _ = informer.RunAsync(Stop.Token);
        return (informer, seen);
    }

    [Test]
    public async Task ListedAndWatchedObjectsAreCachedWithoutManagedFieldsAndShareTheirRepeatingStrings()
    {
        var api = new FakeListerWatcher<V1Pod>(DecodedPod("a", "5"));
        var (informer, _) = Start(api, Fast);
        var watch = await api.NextWatchAsync();

        watch.Send(WatchEventType.Added, DecodedPod("b", "6"));

        await Eventually.Until(() => informer.Cache.List().Count == 2, "both pods cached");
        var a = informer.Cache.Get(new ObjectKey("tasks", "a"))!;
        var b = informer.Cache.Get(new ObjectKey("tasks", "b"))!;
        Assert.Multiple(() =>
        {
            Assert.That(a.Metadata.ManagedFields, Is.Null);
            Assert.That(b.Metadata.ManagedFields, Is.Null);
            Assert.That(b.ApiVersion, Is.SameAs(a.ApiVersion));
            Assert.That(b.Kind, Is.SameAs(a.Kind));
            Assert.That(b.Metadata.NamespaceProperty, Is.SameAs(a.Metadata.NamespaceProperty));
            Assert.That(b.Metadata.Labels.Single().Key, Is.SameAs(a.Metadata.Labels.Single().Key));
            Assert.That(b.Metadata.Labels["app"], Is.SameAs(a.Metadata.Labels["app"]));
            Assert.That(b.Metadata.Finalizers.Single(), Is.SameAs(a.Metadata.Finalizers.Single()));
            Assert.That(b.Metadata.OwnerReferences.Single().Kind, Is.SameAs(a.Metadata.OwnerReferences.Single().Kind));
            Assert.That(b.Metadata.OwnerReferences.Single().ApiVersion, Is.SameAs(a.Metadata.OwnerReferences.Single().ApiVersion));

            // Values that do not repeat are left as they are, and every value is unchanged.
            Assert.That(b.Metadata.Name, Is.EqualTo("b"));
            Assert.That(b.Metadata.OwnerReferences.Single().Name, Is.EqualTo("job-b"));
            Assert.That(b.Metadata.OwnerReferences.Single().Uid, Is.EqualTo("uid-b"));
            Assert.That(a.Metadata.Labels, Is.EqualTo(new Dictionary<string, string> { ["app"] = "agent" }));
        });
    }

    [Test]
    public async Task TheTransformChangesAnObjectBeforeTheCacheAndTheHandlersSeeIt()
    {
        var api = new FakeListerWatcher<V1Pod>(DecodedPod("a", "5"));
        var options = Fast with { Transform = (o, _) => ((V1Pod)o).Spec = new V1PodSpec { NodeName = "kept" } };
        var (informer, seen) = Start(api, options);
        var watch = await api.NextWatchAsync();
        var modified = DecodedPod("a", "6");
        modified.Spec = new V1PodSpec { NodeName = "dropped", Containers = [new V1Container { Name = "task" }] };

        watch.Send(WatchEventType.Modified, modified);

        await Eventually.Until(() => informer.Cache.Get(new ObjectKey("tasks", "a"))?.Metadata.ResourceVersion == "6", "the update cached");
        // The cache takes the update before the handlers are called: wait for them too.
        await Eventually.Until(
            () =>
            {
                lock (seen)
                {
                    return seen.Count == 2;
                }
            },
            "both events handled");
        lock (seen)
        {
            Assert.That(seen.Select(p => (p.Metadata.ResourceVersion, p.Spec.NodeName, p.Spec.Containers)), Is.EqualTo(new[] { ("5", "kept", (IList<V1Container>?)null), ("6", "kept", null) }));
        }

        Assert.That(informer.Cache.Get(new ObjectKey("tasks", "a"))!.Spec.NodeName, Is.EqualTo("kept"));
    }
}
