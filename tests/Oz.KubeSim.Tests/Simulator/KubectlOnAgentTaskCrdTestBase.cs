namespace Oz.KubeSim.Tests.Simulator;

/// <summary>kubectl fixtures against a simulator serving the repository's AgentTask CRD (config/crd), one kubeconfig per fixture.</summary>
public abstract class KubectlOnAgentTaskCrdTestBase : SimulatorTestBase
{
    /// <summary>A scratch directory of this fixture (holds the kubeconfig; tests may write files here).</summary>
    protected string Dir { get; private set; } = "";

    protected KubectlRunner Kubectl { get; private set; } = null!;

    [OneTimeSetUp]
    public void WriteKubeconfigAndServeTheCrd()
    {
        Dir = Path.Combine(Path.GetTempPath(), "kubesim-kubectl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        Sim.WriteKubeconfig(Path.Combine(Dir, "kubeconfig"));
        Kubectl = new KubectlRunner(Path.Combine(Dir, "kubeconfig"));
        Sim.LoadCrdDirectory(RepositoryPaths.PathOf("config/crd"));
    }

    [OneTimeTearDown]
    public void RemoveFiles() => Directory.Delete(Dir, recursive: true);
}
