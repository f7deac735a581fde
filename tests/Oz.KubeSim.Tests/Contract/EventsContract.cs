// The ListXxxWithHttpMessagesAsync(watch: true) + WatchAsync path is what controllers use today; keep it covered.
#pragma warning disable CS0618

namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// events.k8s.io/v1 Events: served, listed, watched, and one stored object with core/v1 Events
/// (regarding↔involvedObject, note↔message, reportingController↔reportingComponent, deprecated*↔…).
/// </summary>
public abstract class EventsContract : ClusterTestBase
{
    private static readonly DateTime EventTime = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private Eventsv1Event NewEvent(string name, string regardingName = "cm") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
        EventTime = EventTime,
        Regarding = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", Name = regardingName, NamespaceProperty = Ns },
        Reason = "Tested",
        Action = "Test",
        Note = "note text",
        Type = "Normal",
        ReportingController = "kubesim.test/contract",
        ReportingInstance = "contract-1",
    };

    [Test]
    public async Task AnEventsV1EventIsReadBackThroughEventsV1()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("e1"), Ns);

        var read = await Client.EventsV1.ReadNamespacedEventAsync("e1", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(read.Regarding.Name, Is.EqualTo("cm"));
            Assert.That(read.Note, Is.EqualTo("note text"));
            Assert.That(read.ReportingController, Is.EqualTo("kubesim.test/contract"));
            Assert.That(read.EventTime, Is.EqualTo(EventTime));
        });
    }

    [Test]
    public async Task AnEventsV1EventIsVisibleAsACoreEvent()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("e2"), Ns);

        var core = await Client.CoreV1.ReadNamespacedEventAsync("e2", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(core.InvolvedObject.Kind, Is.EqualTo("ConfigMap"));
            Assert.That(core.InvolvedObject.Name, Is.EqualTo("cm"));
            Assert.That(core.Message, Is.EqualTo("note text"));
            Assert.That(core.Reason, Is.EqualTo("Tested"));
            Assert.That(core.Action, Is.EqualTo("Test"));
            Assert.That(core.Type, Is.EqualTo("Normal"));
            Assert.That(core.ReportingComponent, Is.EqualTo("kubesim.test/contract"));
            Assert.That(core.ReportingInstance, Is.EqualTo("contract-1"));
            Assert.That(core.EventTime, Is.EqualTo(EventTime));
        });
    }

    [Test]
    public async Task ACoreEventIsVisibleAsAnEventsV1Event()
    {
        var core = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "c1", NamespaceProperty = Ns },
            InvolvedObject = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "cm", NamespaceProperty = Ns },
            Reason = "Legacy",
            Message = "legacy message",
            Type = "Warning",
            Count = 3,
            FirstTimestamp = EventTime,
            LastTimestamp = EventTime,
            Source = new V1EventSource { Component = "legacy-controller" },
        };
        await Client.CoreV1.CreateNamespacedEventAsync(core, Ns);

        var read = await Client.EventsV1.ReadNamespacedEventAsync("c1", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(read.Regarding.Name, Is.EqualTo("cm"));
            Assert.That(read.Note, Is.EqualTo("legacy message"));
            Assert.That(read.Reason, Is.EqualTo("Legacy"));
            Assert.That(read.Type, Is.EqualTo("Warning"));
            Assert.That(read.DeprecatedCount, Is.EqualTo(3));
            Assert.That(read.DeprecatedFirstTimestamp, Is.EqualTo(EventTime));
            Assert.That(read.DeprecatedSource.Component, Is.EqualTo("legacy-controller"));
        });
    }

    [Test]
    public async Task EventsV1EventsAreListedAndSelectedByRegarding()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("x1", regardingName: "one"), Ns);
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("x2", regardingName: "two"), Ns);

        var all = await Client.EventsV1.ListNamespacedEventAsync(Ns);
        var selected = await Client.EventsV1.ListNamespacedEventAsync(Ns, fieldSelector: "regarding.name=two");

        Assert.Multiple(() =>
        {
            Assert.That(all.Items.Select(e => e.Metadata.Name), Is.SupersetOf(new[] { "x1", "x2" }));
            Assert.That(selected.Items.Select(e => e.Metadata.Name), Is.EqualTo(new[] { "x2" }));
        });
    }

    [Test]
    public async Task ACoreFieldSelectorFindsAnEventsV1EventByInvolvedObject()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("y1", regardingName: "target"), Ns);

        var selected = await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "involvedObject.name=target");

        Assert.That(selected.Items.Select(e => e.Metadata.Name), Is.EqualTo(new[] { "y1" }));
    }

    [Test]
    public async Task AnEventsV1WatchFromAListResourceVersionSeesALaterEvent()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var list = await Client.EventsV1.ListNamespacedEventAsync(Ns, cancellationToken: cts.Token);
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("w1"), Ns, cancellationToken: cts.Token);

        var response = Client.EventsV1.ListNamespacedEventWithHttpMessagesAsync(Ns, watch: true, resourceVersion: list.Metadata.ResourceVersion, cancellationToken: cts.Token);
        Eventsv1Event? seen = null;
        await foreach (var (type, item) in response.WatchAsync<Eventsv1Event, Eventsv1EventList>(cancellationToken: cts.Token))
        {
            if (type == WatchEventType.Added && item.Metadata.Name == "w1")
            {
                seen = item;
                break;
            }
        }

        Assert.That(seen?.Note, Is.EqualTo("note text"));
    }

    [Test]
    public async Task AnEventsV1EventSeriesIsPatchedAndSeenByTheCoreView()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("p1"), Ns);
        var series = """{"series":{"count":2,"lastObservedTime":"2026-01-02T03:04:06.000000Z"}}""";

        var patched = await Client.EventsV1.PatchNamespacedEventAsync(new V1Patch(series, V1Patch.PatchType.MergePatch), "p1", Ns);
        var core = await Client.CoreV1.ReadNamespacedEventAsync("p1", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(patched.Series.Count, Is.EqualTo(2));
            Assert.That(core.Series.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task TheNoteOfAnEventsV1EventIsImmutable()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("p2"), Ns);

        var (code, status) = await FailureOf(() => Client.EventsV1.PatchNamespacedEventAsync(new V1Patch("""{"note":"changed"}""", V1Patch.PatchType.MergePatch), "p2", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("message: Invalid value: \"changed\": field is immutable"));
        });
    }

    [Test]
    public async Task ACoreEventStaysMutableThroughCoreV1()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("p3"), Ns);

        var patched = await Client.CoreV1.PatchNamespacedEventAsync(new V1Patch("""{"message":"changed"}""", V1Patch.PatchType.MergePatch), "p3", Ns);

        Assert.That(patched.Message, Is.EqualTo("changed"));
    }

    [Test]
    public async Task AnEventsV1EventWithoutEventTimeIs422()
    {
        var evt = NewEvent("bad");
        evt.EventTime = null;

        var (code, status) = await FailureOf(() => Client.EventsV1.CreateNamespacedEventAsync(evt, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("eventTime: Required value"));
        });
    }

    [Test]
    public async Task DeletingThroughEventsV1RemovesTheCoreEvent()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(NewEvent("d1"), Ns);

        await Client.EventsV1.DeleteNamespacedEventAsync("d1", Ns);

        var (code, _) = await FailureOf(() => Client.CoreV1.ReadNamespacedEventAsync("d1", Ns));
        Assert.That(code, Is.EqualTo(404));
    }

    [TestCase("reportingInstance")]
    [TestCase("action")]
    [TestCase("reason")]
    public async Task AnEventsV1FieldLongerThan128CharactersIsRefused(string field)
    {
        var evt = NewEvent("long-" + field.ToLowerInvariant());
        var value = new string('a', 129);
        _ = field switch
        {
            "reportingInstance" => evt.ReportingInstance = value,
            "action" => evt.Action = value,
            _ => evt.Reason = value,
        };

        var (code, status) = await FailureOf(() => Client.EventsV1.CreateNamespacedEventAsync(evt, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Details.Causes.Select(c => c.Field), Does.Contain(field));
        });
    }

    [Test]
    public async Task AnEventsV1FieldOf128CharactersIsAccepted()
    {
        var evt = NewEvent("at-limit");
        evt.ReportingInstance = new string('a', 128);

        var created = await Client.EventsV1.CreateNamespacedEventAsync(evt, Ns);

        Assert.That(created.ReportingInstance, Has.Length.EqualTo(128));
    }

    [Test]
    public async Task AnEventsV1NoteOverOneKibibyteIsRefused()
    {
        var evt = NewEvent("long-note");
        evt.Note = new string('n', 1025);

        var (code, _) = await FailureOf(() => Client.EventsV1.CreateNamespacedEventAsync(evt, Ns));

        Assert.That(code, Is.EqualTo(422));
    }

    [Test]
    public async Task AnEventsV1ReportingControllerMustBeAQualifiedName()
    {
        var evt = NewEvent("bad-controller");
        evt.ReportingController = "not a/qualified/name";

        var (code, status) = await FailureOf(() => Client.EventsV1.CreateNamespacedEventAsync(evt, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Details.Causes.Select(c => c.Field), Does.Contain("reportingController"));
        });
    }
}
