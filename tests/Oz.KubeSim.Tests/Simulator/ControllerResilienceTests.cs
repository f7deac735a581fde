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

    [Test]
    public async Task AGarbageCollectionStepThatCrashesIsRetriedAndLaterDependentsAreStillCollected()
    {
        var crash = new CrashOnce(r => r.Namespace == Ns && r.Operation == AdmissionOperation.Delete && r.User.EndsWith(":generic-garbage-collector", StringComparison.Ordinal));
        Sim.Admission.Add(crash);
        try
        {
            await OwnerWithDependentIsCollectedAsync("first");
            Assert.That(crash.Crashed, Is.True, "the first collection step crashed");

            await OwnerWithDependentIsCollectedAsync("second");
        }
        finally
        {
            Sim.Admission.Clear();
        }
    }

    [Test]
    public async Task APodWhoseRunCrashesOnceIsRunAgainAndSucceeds()
    {
        var crash = new CrashOnce(r => r.Namespace == Ns && r.Type.Plural == "events" && r.Operation == AdmissionOperation.Create);
        Sim.Admission.Add(crash);
        try
        {
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "crashy" },
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
            };
            await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

            await Eventually(async () => (await Client.CoreV1.ReadNamespacedPodAsync("crashy", Ns)).Status?.Phase == "Succeeded", "the pod succeeds after its crashed run is retried");
            Assert.That(crash.Crashed, Is.True, "the first run crashed");
        }
        finally
        {
            Sim.Admission.Clear();
        }
    }

    private async Task OwnerWithDependentIsCollectedAsync(string name)
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"{name}-owner"), Ns);
        var dependent = ConfigMap($"{name}-dependent");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Name(), Uid = owner.Uid() }];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(dependent, Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Name(), Ns);

        await Eventually(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: $"metadata.name={name}-dependent")).Items.Count == 0, $"dependent {name} is collected");
    }

    /// <summary>A buggy admission webhook that throws on the first request it matches, then allows.</summary>
    private sealed class CrashOnce(Func<AdmissionRequest, bool> matches) : IAdmissionRule
    {
        private int _crashed;

        public bool Crashed => Volatile.Read(ref _crashed) == 1;

        public AdmissionDecision Review(AdmissionRequest request) =>
            matches(request) && Interlocked.Exchange(ref _crashed, 1) == 0 ? throw new InvalidOperationException("webhook bug") : AdmissionDecision.Allow;
    }

    /// <summary>A buggy admission webhook: it throws on pods of one namespace.</summary>
    private sealed class CrashOnPodsIn(string ns) : IAdmissionRule
    {
        public AdmissionDecision Review(AdmissionRequest request) =>
            request.Namespace == ns && request.Type.Plural == "pods" ? throw new InvalidOperationException("webhook bug") : AdmissionDecision.Allow;
    }
}
