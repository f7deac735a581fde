using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Oz.Crds.Generation;
using Oz.Crds.V1Alpha1;
using Oz.KubeSim;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks;

namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// The operator's AgentTask controller (real informers, queue, reconciler and KubernetesClient)
/// against the simulator over HTTP on loopback, with a <see cref="TestKubelet"/> scripting pods.
/// </summary>
internal sealed class OperatorOnKubeSim : IAsyncDisposable
{
    public const string Namespace = "default";

    /// <summary>The user the controller's requests carry in the simulator's request log (RBAC stays off).</summary>
    public const string ControllerUser = "e2e:controller";

    private const string ControllerToken = "e2e-controller-token";

    // Above Kestrel's own graceful-shutdown bound (30 s), so that one ends first when it is the cause.
    private static readonly TimeSpan SimulatorStopTimeout = TimeSpan.FromSeconds(45);

    private CancellationTokenSource? running;
    private Task? work;
    private AgentTaskController? controller;

    private OperatorOnKubeSim(KubeSimServer sim, OperatorOptions options, bool ozConnected)
    {
        Sim = sim;
        Options = options;
        OzConnected = ozConnected;
        Kubelet = new TestKubelet(sim.Client, Namespace);
    }

    public KubeSimServer Sim { get; }

    public OperatorOptions Options { get; }

    public TestKubelet Kubelet { get; }

    /// <summary>Whether the operator runs as one with an Oz API key (deleted Oz tasks wait for their report).</summary>
    public bool OzConnected { get; }

    public IKubernetes Client => Sim.Client;

    public static async Task<OperatorOnKubeSim> StartAsync(OperatorOptions? options = null, bool ozConnected = false)
    {
        // These tests script pods with their own TestKubelet: the simulator's Job controller and kubelet stay off.
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
        controller = new AgentTaskController(Sim.CreateClient(ControllerToken), Options, NullLoggerFactory.Instance, TimeProvider.System, "e2e-operator", OzConnected);
        running = new CancellationTokenSource();
        work = Task.WhenAll(controller.RunInformersAsync(running.Token), controller.Controller.RunAsync(running.Token));
    }

    public async Task StopOperatorAsync()
    {
        if (running is null || work is null)
        {
            return;
        }

        await running.CancelAsync();
        try
        {
            await work.WaitAsync(Eventually.DefaultTimeout);
        }
        catch (OperationCanceledException)
        {
            // The expected end of the informers' loops.
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the operator did not stop within {Eventually.DefaultTimeout}");
        }

        controller?.Dispose();
        running.Dispose();
        running = null;
        work = null;
    }

    public Task<AgentTask> CreateTaskAsync(string name, Action<AgentTaskSpec>? configure = null)
    {
        var task = AgentTaskClient.NewTask(Namespace, name);
        configure?.Invoke(task.Spec);
        return Client.CreateAgentTaskAsync(task);
    }

    public Task<AgentTask?> GetTaskAsync(string name) => Client.GetAgentTaskAsync(Namespace, name);

    public async Task PatchTaskSpecAsync(string name, object spec)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { spec }), V1Patch.PatchType.MergePatch);
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, AgentTask.Group, AgentTask.Version, Namespace, AgentTask.Plural, name);
    }

    public async Task<V1Job?> GetJobAsync(string taskName)
    {
        var jobs = await Client.BatchV1.ListNamespacedJobAsync(Namespace);
        return jobs.Items.FirstOrDefault(j => j.Metadata.Name == JobNaming.JobNameFor(Namespace, taskName));
    }

    /// <summary>
    /// Polls the API until <paramref name="condition"/> holds, or fails the test after a timeout or
    /// once <paramref name="cancellationToken"/> (by default the test's: its [CancelAfter] budget) is cancelled.
    /// </summary>
    public static Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, CancellationToken? cancellationToken = null)
    {
        var seen = false;
        T last = default!;
        return Eventually.UntilAsync(
            probe,
            value =>
            {
                (seen, last) = (true, value);
                return condition(value);
            },
            () => $"{what}; last seen: {(seen ? Describe(last) : "nothing yet")}",
            // An injected fault on the test's own read: read again.
            retryOn: e => e is k8s.Autorest.HttpOperationException,
            cancellationToken: cancellationToken);
    }

    public Task<AgentTask?> WaitForTaskAsync(string name, Func<AgentTask, bool> condition, string what) =>
        WaitForAsync(() => GetTaskAsync(name), t => t is not null && condition(t), what);

    public Task<V1Job?> WaitForJobAsync(string taskName) =>
        WaitForAsync(() => GetJobAsync(taskName), j => j is not null, $"the Job of {taskName}");

    public Task<V1Job?> WaitForJobGoneAsync(string taskName) =>
        WaitForAsync(() => GetJobAsync(taskName), j => j is null, $"the Job of {taskName} to be gone");

    /// <summary>Stops the operator, then the simulator, even when the operator would not stop; each bounded.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopOperatorAsync();
        }
        finally
        {
            await StopSimulatorAsync(Sim);
        }
    }

    /// <summary>Disposes <paramref name="sim"/>, failing with a named timeout instead of hanging the run.</summary>
    public static async Task StopSimulatorAsync(KubeSimServer sim)
    {
        try
        {
            await sim.DisposeAsync().AsTask().WaitAsync(SimulatorStopTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the simulator did not stop within {SimulatorStopTimeout}");
        }
    }

    private static string Describe<T>(T value) => value is null ? "null" : KubernetesJson.Serialize(value);
}
