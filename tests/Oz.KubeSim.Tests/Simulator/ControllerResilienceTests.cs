using k8s;
using Oz.KubeSim.Tests.Contract;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Faults aimed at API clients leave the simulator's own controllers (Job controller, kubelet) working.</summary>
public sealed class ControllerResilienceTests : SimulatorTestBase
{
    private async Task JobCompletesAsync(string name)
    {
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob(name), Ns);
        await Eventually(async () => (await Sim.Client.BatchV1.ReadNamespacedJobAsync(name, Ns)).Status?.Succeeded == 1, $"job {name} completes");
    }

    [Test]
    public async Task AJobCreatedAfterWatchesWereDroppedGetsAPodAndCompletes()
    {
        await JobCompletesAsync("before");

        Sim.Faults.DropWatches();

        await JobCompletesAsync("after");
    }

    [Test]
    public async Task AJobCreatedAfterAServerRestartGetsAPodAndCompletes()
    {
        await Sim.RestartAsync();

        await JobCompletesAsync("restarted");
    }
}
