namespace Oz.KubeSim.Tests.Simulator;

/// <summary>What the kubelet schedules against is what the Node shows, as a real kubelet reports it.</summary>
public sealed class NodeResourcesTests : SimulatorTestBase
{
    [Test]
    public async Task TheConfiguredAllocatableIsTheNodesAllocatableAndCapacity()
    {
        Sim.Kubelet!.Allocatable = new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "4Gi" };

        var node = await Client.CoreV1.ReadNodeAsync("kubesim-node");

        Assert.Multiple(() =>
        {
            Assert.That(node.Status.Allocatable["cpu"].ToString(), Is.EqualTo("2"));
            Assert.That(node.Status.Allocatable["memory"].ToString(), Is.EqualTo("4Gi"));
            Assert.That(node.Status.Capacity["cpu"].ToString(), Is.EqualTo("2"));
            Assert.That(node.Status.Allocatable.Keys, Does.Contain("pods"));
        });
    }
}
