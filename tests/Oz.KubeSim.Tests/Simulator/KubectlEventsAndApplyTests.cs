namespace Oz.KubeSim.Tests.Simulator;

/// <summary>kubectl on events.k8s.io Events (seen by <c>kubectl get events</c>) and on server-side apply.</summary>
public sealed class KubectlEventsAndApplyTests : SimulatorTestBase
{
    private string _dir = "";

    [SetUp]
    public void WriteKubeconfig()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kubesim-kubectl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        Sim.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"), Ns);
    }

    [TearDown]
    public void RemoveFiles() => Directory.Delete(_dir, recursive: true);

    private Task<(int Code, string Output)> KubectlAsync(params string[] args) =>
        new KubectlRunner(Path.Combine(_dir, "kubeconfig")).RunCombinedAsync(args);

    [Test]
    public async Task KubectlGetEventsShowsAnEventCreatedThroughEventsV1()
    {
        await Client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event
            {
                Metadata = new V1ObjectMeta { Name = "from-events-v1" },
                EventTime = DateTime.UtcNow,
                Regarding = new V1ObjectReference { Kind = "ConfigMap", Name = "cm", NamespaceProperty = Ns },
                Reason = "Tested",
                Action = "Test",
                Note = "hello",
                Type = "Normal",
                ReportingController = "kubesim.test/kubectl",
                ReportingInstance = "i-1",
            },
            Ns);

        var core = await KubectlAsync("get", "events", "-o", "jsonpath={.items[*].message}");
        var eventsV1 = await KubectlAsync("get", "events.v1.events.k8s.io", "-o", "jsonpath={.items[*].note}");
        var resources = await KubectlAsync("api-resources", "--api-group=events.k8s.io", "--no-headers");
        var table = await KubectlAsync("get", "events");

        Assert.Multiple(() =>
        {
            Assert.That(core.Output, Is.EqualTo("hello"));
            Assert.That(eventsV1.Output, Is.EqualTo("hello"));
            Assert.That(resources.Output, Does.Contain("events.k8s.io/v1"));
            Assert.That(table.Output, Does.Match(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE"));
            Assert.That(table.Output, Does.Match(@"Normal\s+Tested\s+configmap/cm\s+hello"));
        });
    }

    [Test]
    public async Task KubectlServerSideApplyReportsAConflictAndForceTakesTheField()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: one\n");
        File.WriteAllText(Path.Combine(_dir, "b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: two\n");

        var first = await KubectlAsync("apply", "--server-side", "--field-manager=alice", "-f", Path.Combine(_dir, "a.yaml"));
        var conflict = await KubectlAsync("apply", "--server-side", "--field-manager=bob", "-f", Path.Combine(_dir, "b.yaml"));
        var forced = await KubectlAsync("apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", Path.Combine(_dir, "b.yaml"));
        var value = await KubectlAsync("get", "configmap", "ssa", "-o", "jsonpath={.data.k}");

        Assert.Multiple(() =>
        {
            Assert.That(first.Output, Does.Contain("configmap/ssa serverside-applied"));
            Assert.That(conflict.Code, Is.Not.Zero);
            Assert.That(conflict.Output, Does.Contain("conflict with \"alice\": .data.k"));
            Assert.That(forced.Code, Is.Zero, forced.Output);
            Assert.That(value.Output, Is.EqualTo("two"));
        });
    }
}
