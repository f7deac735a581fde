namespace Oz.Operator.Tests.Kubernetes;

public sealed class ObjectCacheTests
{
    private const string Task = "oz.warp.dev/agenttask";

    private static Dictionary<string, string> Labels(string task) => new() { [Task] = task };

    [Test]
    public void ListByLabelReturnsExactlyTheObjectsCarryingTheValue()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p1", labels: Labels("t1")));
        cache.Upsert(TestObjects.Pod("p2", labels: Labels("t1")));
        cache.Upsert(TestObjects.Pod("p3", labels: Labels("t2")));
        cache.Upsert(TestObjects.Pod("p4"));

        Assert.That(cache.ListByLabel(Task, "t1").Select(p => p.Metadata.Name), Is.EquivalentTo(new[] { "p1", "p2" }));
        Assert.That(cache.ListByLabel(Task, "none"), Is.Empty);
    }

    [Test]
    public void AnUpdateChangingTheLabelMovesTheObjectInTheIndex()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p1", "1", Labels("t1")));

        var old = cache.Upsert(TestObjects.Pod("p1", "2", Labels("t2")));

        Assert.That(old?.Metadata.ResourceVersion, Is.EqualTo("1"));
        Assert.That(cache.ListByLabel(Task, "t1"), Is.Empty);
        Assert.That(cache.ListByLabel(Task, "t2").Single().Metadata.ResourceVersion, Is.EqualTo("2"));
    }

    [Test]
    public void AnUpdateDroppingTheLabelRemovesTheObjectFromTheIndex()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p1", "1", Labels("t1")));

        cache.Upsert(TestObjects.Pod("p1", "2"));

        Assert.That(cache.ListByLabel(Task, "t1"), Is.Empty);
        Assert.That(cache.Get(new ObjectKey("default", "p1")), Is.Not.Null);
    }

    [Test]
    public void RemoveDropsTheObjectAndItsIndexEntries()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p1", labels: Labels("t1")));

        var removed = cache.Remove(new ObjectKey("default", "p1"));

        Assert.That(removed?.Metadata.Name, Is.EqualTo("p1"));
        Assert.That(cache.Get(new ObjectKey("default", "p1")), Is.Null);
        Assert.That(cache.ListByLabel(Task, "t1"), Is.Empty);
        Assert.That(cache.Remove(new ObjectKey("default", "p1")), Is.Null);
    }

    [Test]
    public void ObjectsInOtherNamespacesAreDistinctKeys()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p", labels: Labels("t"), ns: "a"));
        cache.Upsert(TestObjects.Pod("p", labels: Labels("t"), ns: "b"));

        Assert.That(cache.Count, Is.EqualTo(2));
        Assert.That(cache.ListByLabel(Task, "t"), Has.Count.EqualTo(2));
    }

    [Test]
    public void ANonIndexedLabelIsAnsweredByAScan()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        cache.Upsert(TestObjects.Pod("p1", labels: new Dictionary<string, string> { ["other"] = "x" }));
        cache.Upsert(TestObjects.Pod("p2", labels: new Dictionary<string, string> { ["other"] = "y" }));

        Assert.That(cache.ListByLabel("other", "x").Single().Metadata.Name, Is.EqualTo("p1"));
    }

    [Test]
    public void ANamedIndexFilesEachObjectUnderTheValuesOfItsFunction()
    {
        var cache = new ObjectCache<V1Pod>(indexers: new Dictionary<string, IndexFunc> { ["phase"] = p => [((V1Pod)p).Status?.Phase ?? "none"] });
        cache.Upsert(Phased("p1", "Running"));
        cache.Upsert(Phased("p2", "Running"));
        cache.Upsert(Phased("p3", "Pending"));

        Assert.That(cache.ByIndex("phase", "Running").Select(p => p.Metadata.Name), Is.EquivalentTo(new[] { "p1", "p2" }));
    }

    [Test]
    public void AnUpdateMovesTheObjectBetweenTheValuesOfANamedIndex()
    {
        var cache = new ObjectCache<V1Pod>(indexers: new Dictionary<string, IndexFunc> { ["phase"] = p => [((V1Pod)p).Status?.Phase ?? "none"] });
        cache.Upsert(Phased("p1", "Running"));

        cache.Upsert(Phased("p1", "Succeeded"));

        Assert.Multiple(() =>
        {
            Assert.That(cache.ByIndex("phase", "Running"), Is.Empty);
            Assert.That(cache.ByIndex("phase", "Succeeded").Single().Status.Phase, Is.EqualTo("Succeeded"));
        });
    }

    [Test]
    public void AnIndexFunctionWithNoValuesLeavesTheObjectOutOfTheIndex()
    {
        var cache = new ObjectCache<V1Pod>(indexers: new Dictionary<string, IndexFunc> { ["running"] = p => ((V1Pod)p).Status?.Phase == "Running" ? ["yes"] : [] });
        cache.Upsert(Phased("p1", "Running"));
        cache.Upsert(Phased("p1", "Succeeded"));
        cache.Upsert(Phased("p2", "Running"));
        cache.Remove(new ObjectKey("default", "p2"));

        Assert.That(cache.ByIndex("running", "yes"), Is.Empty);
    }

    [Test]
    public void ByIndexOfAnUnknownIndexThrows()
    {
        var cache = new ObjectCache<V1Pod>([Task]);

        Assert.That(() => cache.ByIndex("nope", "x"), Throws.ArgumentException.With.Message.Contains("Index with name nope does not exist"));
    }

    [Test]
    public void TheAgentTaskCacheIndexesTheTaskIdHashAndOnlyUnfinishedTasksByNamespace()
    {
        var cache = new ObjectCache<AgentTask>(AgentTaskIndexes.Labels, AgentTaskIndexes.Indexers);
        cache.Upsert(new AgentTask { Metadata = new V1ObjectMeta { Name = "done", NamespaceProperty = "a" }, Status = new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded } });
        cache.Upsert(new AgentTask { Metadata = new V1ObjectMeta { Name = "queued", NamespaceProperty = "a" }, Status = new AgentTaskStatus { Phase = AgentTaskPhase.Queued } });
        cache.Upsert(new AgentTask { Metadata = new V1ObjectMeta { Name = "new", NamespaceProperty = "a" } });
        cache.Upsert(new AgentTask { Metadata = new V1ObjectMeta { Name = "elsewhere", NamespaceProperty = "b" } });

        Assert.Multiple(() =>
        {
            Assert.That(cache.IndexedLabels, Does.Contain(TaskLabels.TaskIdHash));
            Assert.That(cache.ByIndex(AgentTaskIndexes.UnfinishedByNamespace, "a").Select(t => t.Metadata.Name), Is.EquivalentTo(new[] { "queued", "new" }));
        });
    }

    private static V1Pod Phased(string name, string phase)
    {
        var pod = TestObjects.Pod(name);
        pod.Status = new V1PodStatus { Phase = phase };
        return pod;
    }

    [Test]
    public void TheIndexAgreesWithAScanAfterAnySequenceOfChanges()
    {
        // A model check: random upserts (with label changes) and removes, comparing the index with
        // a brute-force scan after every step.
        var random = new Random(42);
        var cache = new ObjectCache<V1Pod>([Task]);
        string[] values = ["t1", "t2", "t3"];
        for (var step = 0; step < 2000; step++)
        {
            var name = $"p{random.Next(20)}";
            if (random.Next(4) == 0)
            {
                cache.Remove(new ObjectKey("default", name));
            }
            else
            {
                var value = random.Next(4) == 0 ? null : values[random.Next(values.Length)];
                cache.Upsert(TestObjects.Pod(name, step.ToString(System.Globalization.CultureInfo.InvariantCulture), value is null ? null : Labels(value)));
            }

            foreach (var value in values)
            {
                var indexed = cache.ListByLabel(Task, value).Select(p => p.Metadata.Name).Order();
                var scanned = cache.List().Where(p => (p.Metadata.Labels is { } l && l.TryGetValue(Task, out var v) ? v : null) == value).Select(p => p.Metadata.Name).Order();
                Assert.That(indexed, Is.EqualTo(scanned), $"step {step}, value {value}");
            }
        }
    }

    [Test]
    public async Task ReadersDuringWritesOnlySeeObjectsMatchingTheirQuery()
    {
        var cache = new ObjectCache<V1Pod>([Task]);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var wrong = 0;
        var writer = System.Threading.Tasks.Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var name = $"p{i % 50}";
                cache.Upsert(TestObjects.Pod(name, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Labels(i % 2 == 0 ? "even" : "odd")));
                if (i % 7 == 0)
                {
                    cache.Remove(new ObjectKey("default", $"p{(i + 3) % 50}"));
                }

                i++;
            }
        });
        var readers = Enumerable.Range(0, 2).Select(_ => System.Threading.Tasks.Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (cache.ListByLabel(Task, "even").Any(p => p.Metadata.Labels[Task] != "even"))
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        }));

        await System.Threading.Tasks.Task.WhenAll(readers.Append(writer));

        Assert.That(wrong, Is.Zero);
    }

    [Test]
    public void HasSyncedOnlyAfterMarkSynced()
    {
        var cache = new ObjectCache<V1Pod>();
        Assert.That(cache.HasSynced, Is.False);

        cache.MarkSynced();

        Assert.That(cache.HasSynced, Is.True);
    }
}
