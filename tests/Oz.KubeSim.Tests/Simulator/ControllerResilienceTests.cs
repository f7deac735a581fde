using k8s;
using k8s.Models;
using Oz.KubeSim.Admission;
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
    public async Task AJobWhosePodCreationCrashesDoesNotStopTheJobControllerForOthers()
    {
        var broken = "t-broken-" + Guid.NewGuid().ToString("N")[..6];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = broken } });
        Sim.Admission.Add(new CrashOnPodsIn(broken));
        try
        {
            await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("crashes"), broken);

            await JobCompletesAsync("unaffected");
        }
        finally
        {
            Sim.Admission.Clear();
        }
    }

    [Test]
    public async Task AJobCreatedAfterAServerRestartGetsAPodAndCompletes()
    {
        await Sim.RestartAsync();

        await JobCompletesAsync("restarted");
    }

    /// <summary>A buggy admission webhook: it throws on pods of one namespace.</summary>
    private sealed class CrashOnPodsIn(string ns) : IAdmissionRule
    {
        public AdmissionDecision Review(AdmissionRequest request) =>
            request.Namespace == ns && request.Type.Plural == "pods" ? throw new InvalidOperationException("webhook bug") : AdmissionDecision.Allow;
    }
}
