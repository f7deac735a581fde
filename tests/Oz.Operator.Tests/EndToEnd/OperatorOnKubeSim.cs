using Oz.Crds.Generation;

namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// The operator's AgentTask controller (real informers, queue, reconciler and KubernetesClient)
/// in-process against the simulator, with a <see cref="TestKubelet"/> scripting pods (the
/// simulator's own Job controller and kubelet stay off).
/// </summary>
internal sealed class OperatorOnKubeSim : KubeSimCluster
{
    public const string Namespace = DefaultNamespace;

    /// <summary>The user the controller's requests carry in the simulator's request log (RBAC stays off).</summary>
    public const string ControllerUser = "e2e:controller";

    private const string ControllerToken = "e2e-controller-token";

    private CancellationTokenSource? running;
    private Task? work;
    private AgentTaskReconciliation? controller;

    private OperatorOnKubeSim(KubeSimServer sim, OperatorOptions options, bool ozConnected)
        : base(sim, Namespace)
    {
        Options = options;
        OzConnected = ozConnected;
        Kubelet = new TestKubelet(sim.Client, Namespace);
    }

    public OperatorOptions Options { get; }

    public TestKubelet Kubelet { get; }

    /// <summary>Whether the operator runs as one with an Oz API key (deleted Oz tasks wait for their report).</summary>
    public bool OzConnected { get; }

    public static async Task<OperatorOnKubeSim> StartAsync(OperatorOptions? options = null, bool ozConnected = false)
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });
        sim.LoadYaml(CrdGenerator.GenerateAllYaml());
        sim.Rbac.AddToken(ControllerToken, ControllerUser);
        var harness = new OperatorOnKubeSim(sim, options ?? new OperatorOptions { Namespace = Namespace }, ozConnected);
        harness.StartOperator();
        return harness;
    }

    /// <summary>Starts a fresh operator instance (new caches, new queue), as after a restart.</summary>
    public void StartOperator()
    {
        controller = new AgentTaskReconciliation(Sim.CreateClient(ControllerToken), Options, NullLoggerFactory.Instance, TimeProvider.System, "e2e-operator", OzConnected);
        running = new CancellationTokenSource();
        work = Task.WhenAll(controller.RunInformersAsync(running.Token), controller.Controller.RunAsync(running.Token));
    }

    public async Task StopOperatorAsync()
    {
        if (running is null || work is null)
        {
            return;
        }

        await CancelAndWaitAsync(running, work, "the operator");
        controller?.Dispose();
        running.Dispose();
        running = null;
        work = null;
    }

    protected override Task StopRunsAsync() => StopOperatorAsync();
}
