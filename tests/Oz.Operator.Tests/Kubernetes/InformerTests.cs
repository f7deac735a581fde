using k8s.Autorest;
using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class InformerTests : StoppedAtTearDown
{
    private static readonly InformerOptions Fast = new()
    {
        Name = "pods",
        ResyncPeriod = TimeSpan.Zero,
        MinHealthyWatchDuration = TimeSpan.Zero,
        Backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)),
    };

    private (Informer<V1Pod> Informer, RecordingHandler<V1Pod> Handler, Task Run) Start(FakeListerWatcher<V1Pod> api, InformerOptions? options = null)
    {
        var informer = new Informer<V1Pod>(api, options ?? Fast, NullLogger<Informer<V1Pod>>.Instance);
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        return (informer, handler, informer.RunAsync(Stop.Token));
    }

    private static KubernetesException Gone() => new(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" });

    [Test]
    public async Task TheFirstListIsDeliveredAsAddsAndMarksTheInformerSynced()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"), TestObjects.Pod("b"));
        var (informer, handler, _) = Start(api);

        await Eventually.Within(informer.WaitForSyncAsync(CancellationToken.None), "sync");

        Assert.That(informer.HasSynced, Is.True);
        Assert.That(handler.Events, Is.EquivalentTo(new[] { "add a", "add b" }));
        Assert.That(informer.Cache.Get(new ObjectKey("default", "a")), Is.Not.Null);
    }

    [Test]
    public async Task TheWatchStartsFromTheListsResourceVersionWithBookmarksAndARandomisedTimeout()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"));
        Start(api, Fast with { LabelSelector = "app=x" });

        var watch = await api.NextWatchAsync();

        Assert.That(watch.Request.ResourceVersion, Is.EqualTo("10"));
        Assert.That(watch.Request.AllowBookmarks, Is.True);
        Assert.That(watch.Request.LabelSelector, Is.EqualTo("app=x"));
        Assert.That(watch.Request.TimeoutSeconds, Is.InRange(300, 600));
    }

    [Test]
    public async Task WatchEventsUpdateTheCacheAndReachHandlersInOrder()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, handler, _) = Start(api);
        var watch = await api.NextWatchAsync();

        watch.Send(WatchEventType.Added, TestObjects.Pod("b", "11"));
        watch.Send(WatchEventType.Modified, TestObjects.Pod("a", "12"));
        watch.Send(WatchEventType.Deleted, TestObjects.Pod("b", "13"));

        await Eventually.Until(() => handler.Events.Count == 4, "four events");
        Assert.That(handler.Events, Is.EqualTo(new[] { "add a", "add b", "update a 5->12", "delete b" }));
        Assert.That(informer.Cache.List().Select(p => p.Metadata.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task ObjectsTheFilterRefusesAreNeitherCachedNorHandedToHandlers()
    {
        var mine = new Dictionary<string, string> { ["owner"] = "me" };
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5", mine), TestObjects.Pod("theirs", "6"));
        var (informer, handler, _) = Start(api, Fast with { Accepts = o => o.Metadata.Labels?.ContainsKey("owner") == true });
        var watch = await api.NextWatchAsync();

        watch.Send(WatchEventType.Added, TestObjects.Pod("other", "11"));
        watch.Send(WatchEventType.Deleted, TestObjects.Pod("other", "12"));
        watch.Send(WatchEventType.Added, TestObjects.Pod("b", "13", mine));

        await Eventually.Until(() => handler.Events.Count == 2, "the two accepted adds");
        Assert.That(handler.Events, Is.EqualTo(new[] { "add a", "add b" }));
        Assert.That(informer.Cache.List().Select(p => p.Metadata.Name), Is.EquivalentTo(new[] { "a", "b" }));
    }

    [Test]
    public async Task ACachedObjectThatStopsPassingTheFilterIsDeliveredAsADelete()
    {
        var mine = new Dictionary<string, string> { ["owner"] = "me" };
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5", mine));
        var (informer, handler, _) = Start(api, Fast with { Accepts = o => o.Metadata.Labels?.ContainsKey("owner") == true });
        var watch = await api.NextWatchAsync();

        watch.Send(WatchEventType.Modified, TestObjects.Pod("a", "12"));

        await Eventually.Until(() => handler.Events.Count == 2, "the delete");
        Assert.That(handler.Events, Is.EqualTo(new[] { "add a", "delete a" }));
        Assert.That(informer.Cache.List(), Is.Empty);
    }

    [Test]
    public async Task AfterTheServerEndsAStreamTheWatchResumesFromTheLastResourceVersionWithoutRelisting()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, _, _) = Start(api);
        var first = await api.NextWatchAsync();
        first.Send(WatchEventType.Modified, TestObjects.Pod("a", "17"));

        first.End();
        var second = await api.NextWatchAsync();

        Assert.That(second.Request.ResourceVersion, Is.EqualTo("17"));
        Assert.That(api.Lists, Is.EqualTo(1));
        Assert.That(informer.WatchRestarts, Is.EqualTo(1));
    }

    [Test]
    public async Task ABookmarkAdvancesTheResourceVersionWithoutAnEvent()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (_, handler, _) = Start(api);
        var first = await api.NextWatchAsync();

        first.Send(WatchEventType.Bookmark, TestObjects.Bookmark("40"));
        first.End();
        var second = await api.NextWatchAsync();

        Assert.That(second.Request.ResourceVersion, Is.EqualTo("40"));
        Assert.That(handler.Events, Is.EqualTo(new[] { "add a" }));
    }

    private static IEnumerable<TestCaseData> GoneErrors()
    {
        yield return new TestCaseData(Gone()).SetName("AnErrorEventWithCode410TriggersARelistWithSyntheticEvents");
        yield return new TestCaseData(new HttpOperationException("gone")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Gone), ""),
        }).SetName("AnHttp410TriggersARelistWithSyntheticEvents");
    }

    [TestCaseSource(nameof(GoneErrors))]
    public async Task GoneRelistsAndTurnsTheDifferenceIntoEvents(Exception gone)
    {
        var api = new FakeListerWatcher<V1Pod>(n => Task.FromResult(n == 1
            ? new ListResult<V1Pod>([TestObjects.Pod("kept", "1"), TestObjects.Pod("changed", "2"), TestObjects.Pod("deleted", "3")], "10")
            : new ListResult<V1Pod>([TestObjects.Pod("kept", "1"), TestObjects.Pod("changed", "20"), TestObjects.Pod("new", "21")], "30")));
        var (informer, handler, _) = Start(api);
        var first = await api.NextWatchAsync();
        handler.Events.Clear();

        first.Fail(gone);
        var second = await api.NextWatchAsync();

        Assert.That(api.Lists, Is.EqualTo(2));
        Assert.That(handler.Events, Is.EquivalentTo(new[] { "update changed 2->20", "add new", "delete deleted" }));
        Assert.That(second.Request.ResourceVersion, Is.EqualTo("30"));
        Assert.That(informer.Cache.List().Select(p => p.Metadata.Name), Is.EquivalentTo(new[] { "kept", "changed", "new" }));
    }

    [Test]
    public async Task AnUndecodableEventNamingItsObjectIsSkippedByARelist()
    {
        var api = new FakeListerWatcher<V1Pod>(n => Task.FromResult(n == 1
            ? new ListResult<V1Pod>([TestObjects.Pod("a", "1")], "10")
            : new ListResult<V1Pod>([TestObjects.Pod("a", "1"), TestObjects.Pod("broken", "11")], "12")));
        var (informer, handler, _) = Start(api);
        var first = await api.NextWatchAsync();

        first.Fail(new UndecodableWatchEventException("Pod", "default", "broken", "11", new FormatException("labels")));
        var second = await api.NextWatchAsync();

        Assert.That(api.Lists, Is.EqualTo(2));
        Assert.That(second.Request.ResourceVersion, Is.EqualTo("12"));
        Assert.That(handler.Events, Does.Contain("add broken"));
        Assert.That(informer.SkippedEvents, Is.EqualTo(1));
        Assert.That(informer.FailingSince, Is.Null, "a skipped event is not a failing watch");
    }

    [Test]
    public async Task AnUndecodableEventNamingNoObjectIsSteppedOverByResumingAfterIt()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, _, _) = Start(api);
        var first = await api.NextWatchAsync();

        first.Fail(new UndecodableWatchEventException(null, null, null, "11", new FormatException("not a pod")));
        var second = await api.NextWatchAsync();

        Assert.That(second.Request.ResourceVersion, Is.EqualTo("11"));
        Assert.That(api.Lists, Is.EqualTo(1));
        Assert.That(informer.SkippedEvents, Is.EqualTo(1));
    }

    [Test]
    public async Task FailuresRestartTheWatchAfterAGrowingBackoff()
    {
        var options = Fast with { Backoff = new JitteredBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), Jitter: 0) };
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, _, _) = Start(api, options);

        for (var i = 0; i < 3; i++)
        {
            (await api.NextWatchAsync()).Fail(new IOException("connection reset"));
        }

        await api.NextWatchAsync();
        var opened = api.Watches.Select(w => w.At).ToList();
        var gaps = opened.Zip(opened.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.That(gaps[0], Is.GreaterThanOrEqualTo(90));
        Assert.That(gaps[1], Is.GreaterThanOrEqualTo(190));
        Assert.That(gaps[2], Is.GreaterThanOrEqualTo(390));
        Assert.That(api.Lists, Is.EqualTo(1), "an ordinary error resumes, it does not relist");
        Assert.That(opened.Skip(1).Count(), Is.EqualTo(3));
        Assert.That(api.Watches.Select(w => w.Request.ResourceVersion).Distinct(), Is.EqualTo(new[] { "10" }));
        Assert.That(informer.FailingSince, Is.Not.Null);
    }

    [Test]
    public async Task AnEventAfterFailuresClearsTheFailingState()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, _, _) = Start(api);
        (await api.NextWatchAsync()).Fail(new IOException("connection reset"));
        var next = await api.NextWatchAsync();
        Assert.That(informer.FailingSince, Is.Not.Null);

        next.Send(WatchEventType.Modified, TestObjects.Pod("a", "12"));

        await Eventually.Until(() => informer.FailingSince is null, "failing state cleared");
    }

    [Test]
    public async Task AFailingListIsRetriedAndTheInformerSyncsWhenItSucceeds()
    {
        var api = new FakeListerWatcher<V1Pod>(n => n < 3
            ? Task.FromException<ListResult<V1Pod>>(new HttpRequestException("connection refused"))
            : Task.FromResult(new ListResult<V1Pod>([TestObjects.Pod("a")], "10")));
        var (informer, _, _) = Start(api);

        await Eventually.Within(informer.WaitForSyncAsync(CancellationToken.None), "sync after failed lists");

        Assert.That(api.Lists, Is.EqualTo(3));
        Assert.That(informer.WatchRestarts, Is.EqualTo(2));
    }

    [Test]
    public async Task AStreamEndingAtOnceWithoutEventsCountsAsAFailure()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"));
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<WatchRestartReason>();
        var informer = new Informer<V1Pod>(api, Fast with { MinHealthyWatchDuration = TimeSpan.FromSeconds(5) }, NullLogger<Informer<V1Pod>>.Instance);
        informer.WatchRestarted += reasons.Enqueue;
        _ = informer.RunAsync(Stop.Token);

        (await api.NextWatchAsync()).End();
        await api.NextWatchAsync();

        Assert.That(reasons, Is.EqualTo(new[] { WatchRestartReason.Error }));
        Assert.That(informer.FailingSince, Is.Not.Null);
    }

    [Test]
    public async Task AnErrorEventWithoutStatusRestartsTheWatch()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a", "5"));
        var (informer, _, _) = Start(api);

        (await api.NextWatchAsync()).Send(WatchEventType.Error, TestObjects.Pod("junk"));
        var next = await api.NextWatchAsync();

        Assert.That(next.Request.ResourceVersion, Is.EqualTo("10"));
        Assert.That(informer.Cache.Get(new ObjectKey("default", "junk")), Is.Null);
    }

    [Test]
    public async Task ResyncRedeliversEveryCachedObjectAsAnUpdateWithoutCallingTheApi()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"), TestObjects.Pod("b"));
        var (_, handler, _) = Start(api, Fast with { ResyncPeriod = TimeSpan.FromMilliseconds(50) });
        await api.NextWatchAsync();

        await Eventually.Until(() => handler.Updates.Count >= 4, "two resyncs");

        Assert.That(handler.Updates.All(u => ReferenceEquals(u.Old, u.New)), Is.True);
        Assert.That(handler.Updates.Select(u => u.New.Metadata.Name).Distinct(), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(api.Lists, Is.EqualTo(1));
        Assert.That(api.Watches, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AHandlerThatThrowsDoesNotStopTheInformerOrOtherHandlers()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"));
        var informer = new Informer<V1Pod>(api, Fast, NullLogger<Informer<V1Pod>>.Instance);
        informer.AddEventHandler(new ResourceEventHandler<V1Pod>(onAdd: _ => throw new InvalidOperationException("boom")));
        var handler = new RecordingHandler<V1Pod>();
        informer.AddEventHandler(handler);
        _ = informer.RunAsync(Stop.Token);
        var watch = await api.NextWatchAsync();

        watch.Send(WatchEventType.Added, TestObjects.Pod("b", "11"));

        await Eventually.Until(() => handler.Events.Count == 2, "both adds reach the second handler");
        Assert.That(informer.HasSynced, Is.True);
    }

    [Test]
    public async Task HandlersCannotBeAddedAfterStart()
    {
        var api = new FakeListerWatcher<V1Pod>();
        var (informer, _, _) = Start(api);
        await api.NextWatchAsync();

        Assert.That(() => informer.AddEventHandler(new RecordingHandler<V1Pod>()), Throws.InvalidOperationException);
    }

    [Test]
    public async Task CancellationEndsTheRun()
    {
        var api = new FakeListerWatcher<V1Pod>(TestObjects.Pod("a"));
        var (_, _, run) = Start(api, Fast with { ResyncPeriod = TimeSpan.FromMinutes(1) });
        await api.NextWatchAsync();

        await Stop.CancelAsync();

        await Eventually.Within(run, "the informer to stop");
        Assert.That(run.IsCompletedSuccessfully, Is.True);
    }
}
