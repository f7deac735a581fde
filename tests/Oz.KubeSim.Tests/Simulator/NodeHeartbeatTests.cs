using System.Globalization;
using System.Text.RegularExpressions;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>
/// The simulated node looks alive the way a kubelet shows it: a Lease in kube-node-lease renewed
/// recently and node conditions with a recent lastHeartbeatTime — computed when served, never
/// written on a timer (no writes, so no watch events or resource version churn).
/// </summary>
public sealed partial class NodeHeartbeatTests : SimulatorTestBase
{
    private const string NodeName = "kubesim-node";

    /// <summary>Simulated time the clock jumps before each check, so values stored at start would be stale.</summary>
    private static readonly TimeSpan Jump = TimeSpan.FromHours(3);

    /// <summary>Slack for the simulated time that passes while a request runs (the clock runs 50 times faster).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(5);

    private string _dir = "";
    private KubectlRunner _kubectl = null!;

    [OneTimeSetUp]
    public void WriteKubeconfig()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kubesim-node-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        Sim.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"));
        _kubectl = new KubectlRunner(Path.Combine(_dir, "kubeconfig"));
    }

    [OneTimeTearDown]
    public void RemoveFiles() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task TheNodeLeaseIsHeldByTheNodeAndRenewedNearNow()
    {
        Sim.Clock.Advance(Jump);

        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync(NodeName, "kube-node-lease");

        Assert.Multiple(() =>
        {
            Assert.That(lease.Spec.HolderIdentity, Is.EqualTo(NodeName));
            Assert.That(lease.Spec.LeaseDurationSeconds, Is.EqualTo(40));
            Assert.That(lease.Spec.RenewTime, Is.EqualTo(Sim.Clock.Now.UtcDateTime).Within(Slack));
            Assert.That(lease.Metadata.OwnerReferences?.Single().Kind, Is.EqualTo("Node"));
        });
    }

    [Test]
    public async Task EveryNodeConditionHasAHeartbeatNearNowAndATransitionTime()
    {
        Sim.Clock.Advance(Jump);

        var node = await Client.CoreV1.ReadNodeAsync(NodeName);

        Assert.That(node.Status.Conditions.Select(c => c.Type), Is.SupersetOf(new[] { "MemoryPressure", "DiskPressure", "PIDPressure", "Ready" }));
        Assert.Multiple(() =>
        {
            foreach (var condition in node.Status.Conditions)
            {
                Assert.That(condition.LastHeartbeatTime, Is.EqualTo(Sim.Clock.Now.UtcDateTime).Within(Slack), condition.Type);
                Assert.That(condition.LastTransitionTime, Is.Not.Null.And.LessThanOrEqualTo(condition.LastHeartbeatTime!.Value), condition.Type);
            }
        });
    }

    [Test]
    public async Task HeartbeatsAreComputedWhenServedWithoutWritingToTheStore()
    {
        var before = await Client.CoordinationV1.ReadNamespacedLeaseAsync(NodeName, "kube-node-lease");
        var nodeBefore = await Client.CoreV1.ReadNodeAsync(NodeName);
        Sim.Clock.Advance(Jump);

        var after = await Client.CoordinationV1.ReadNamespacedLeaseAsync(NodeName, "kube-node-lease");
        var nodeAfter = await Client.CoreV1.ReadNodeAsync(NodeName);

        Assert.Multiple(() =>
        {
            Assert.That(after.Spec.RenewTime, Is.GreaterThan(before.Spec.RenewTime!.Value));
            Assert.That(after.ResourceVersion(), Is.EqualTo(before.ResourceVersion()));
            Assert.That(nodeAfter.ResourceVersion(), Is.EqualTo(nodeBefore.ResourceVersion()));
        });
    }

    [Test]
    public async Task KubectlDescribeNodeShowsTheLeaseAndRecentHeartbeats()
    {
        Sim.Clock.Advance(Jump);

        var describe = await _kubectl.RunAsync("describe", "node", NodeName);

        Assert.That(describe.Code, Is.Zero, describe.Stderr);
        var renew = RenewTimeLine().Match(describe.Stdout);
        var ready = ReadyConditionLine().Match(describe.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(describe.Stdout, Does.Contain($"HolderIdentity:  {NodeName}"));
            Assert.That(describe.Stdout, Does.Not.Contain("Failed to get lease"));
            Assert.That(describe.Stdout, Does.Not.Contain("01 Jan 0001"), "no zero times");
            Assert.That(renew.Success, Is.True, describe.Stdout);
            Assert.That(ready.Success, Is.True, describe.Stdout);
        });
        Assert.Multiple(() =>
        {
            Assert.That(Parse(renew.Groups["time"].Value), Is.EqualTo(Sim.Clock.Now).Within(Slack));
            Assert.That(Parse(ready.Groups["heartbeat"].Value), Is.EqualTo(Sim.Clock.Now).Within(Slack));
        });
    }

    private static DateTimeOffset Parse(string rfc1123z) =>
        DateTimeOffset.ParseExact(rfc1123z, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"RenewTime:\s+(?<time>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4})")]
    private static partial Regex RenewTimeLine();

    [GeneratedRegex(@"\n\s+Ready\s+True\s+(?<heartbeat>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4})")]
    private static partial Regex ReadyConditionLine();
}
