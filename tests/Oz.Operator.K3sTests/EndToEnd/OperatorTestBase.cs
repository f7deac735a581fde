using System.Text.Json;
using k8s.Autorest;
using Oz.Operator.K3sTests.Cluster;

namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>
/// Base of the end-to-end fixtures: one namespace per fixture on the shared K3s, AgentTask helpers,
/// and waits on status through the API. Without a Docker engine the [SetUp] ignores every test
/// before its body runs, and the one-time setup does nothing (so it cannot fail).
/// </summary>
public abstract class OperatorTestBase
{
    private K3sCluster? _cluster;

    protected K3sCluster Cluster => _cluster ?? SharedK3s.Require();

    protected IKubernetes Client => Cluster.Client;

    /// <summary>The fixture's namespace.</summary>
    protected string Ns { get; private set; } = "";

    /// <summary>The operator shared by the fixture's tests, when <see cref="FixtureOperatorArgs"/> asks for one.</summary>
    protected OperatorRun? Operator { get; private set; }

    /// <summary>Extra `run` flags for an operator started once for the fixture; null: the tests start their own.</summary>
    protected virtual string[]? FixtureOperatorArgs => [];

    [OneTimeSetUp]
    public async Task CreateNamespaceAsync()
    {
        if (SharedK3s.Available is { } cluster)
        {
            _cluster = cluster;
            Ns = await cluster.CreateNamespaceAsync("e2e");
            if (FixtureOperatorArgs is { } args)
            {
                Operator = OperatorRun.Start(cluster, Ns, args);
            }
        }
    }

    [SetUp]
    public void RequireCluster() => SharedK3s.Require();

    [OneTimeTearDown]
    public async Task DeleteNamespaceAsync()
    {
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }

        if (_cluster is not null && Ns.Length > 0)
        {
            await _cluster.Client.CoreV1.DeleteNamespaceAsync(Ns);
        }
    }

    protected async Task<AgentTask> CreateTaskAsync(AgentTask task)
    {
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, Ns, AgentTask.Plural);
        return Convert(created);
    }

    protected async Task<AgentTask?> GetTaskAsync(string name)
    {
        try
        {
            return Convert(await Client.CustomObjects.GetNamespacedCustomObjectAsync(AgentTask.Group, AgentTask.Version, Ns, AgentTask.Plural, name));
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode == 404)
        {
            return null;
        }
    }

    protected Task RequestCancellationAsync(string name) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"cancel":true}}""", V1Patch.PatchType.MergePatch), AgentTask.Group, AgentTask.Version, Ns, AgentTask.Plural, name);

    /// <summary>Polls the task until it reaches <paramref name="phase"/>; fails with the last status seen (and the operator's output) otherwise.</summary>
    protected async Task<AgentTask> WaitForPhaseAsync(string name, AgentTaskPhase phase, TimeSpan timeout, OperatorRun? run = null)
    {
        AgentTask? last = null;
        var reached = await Eventually.UntilAsync(
            async () =>
            {
                run?.AssertRunning();
                return last = await GetTaskAsync(name);
            },
            task => task?.Status?.Phase == phase,
            () => $"AgentTask {Ns}/{name} to reach {phase} within {timeout}; last status: " +
                (last?.Status is null ? "none" : KubernetesJson.Serialize(last.Status)) +
                (run is null ? "" : $"\noperator output:\n{run.Output}"),
            timeout: timeout);
        return reached!;
    }

    /// <summary>Waits for <paramref name="condition"/> to hold; fails the test after <paramref name="timeout"/>.</summary>
    /// <param name="condition">What must come to hold.</param>
    /// <param name="what">What the test waits for, for the failure message.</param>
    /// <param name="timeout">How long to poll.</param>
    /// <param name="run">The operator the condition depends on: its exit fails the wait at once.</param>
    protected static Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan timeout, OperatorRun? run = null) =>
        Eventually.UntilAsync(
            async () =>
            {
                run?.AssertRunning();
                return await condition();
            },
            held => held,
            () => what,
            timeout: timeout);

    /// <summary>The task Jobs of this fixture's namespace (the operator labels them managed-by=oz-operator).</summary>
    protected async Task<IList<V1Job>> TaskJobsAsync() =>
        (await Client.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: "app.kubernetes.io/managed-by=oz-operator")).Items;

    private static AgentTask Convert(object result) => result switch
    {
        JsonElement element => KubernetesJson.Deserialize<AgentTask>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<AgentTask>(KubernetesJson.Serialize(result)),
    };
}
