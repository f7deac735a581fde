using k8s;
using Oz.Crds.V1Alpha1;
using Oz.KubeSim;
using Oz.Operator.Configuration;
using ConfiguredElection = Oz.Operator.Configuration.LeaderElectionOptions;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>
/// The simulator with the generated CRD from config/crd and its own Job controller and kubelet,
/// plus any number of real operator hosts (<see cref="HostReplica"/>) against it over HTTP.
/// </summary>
internal sealed class HostOnKubeSim : IAsyncDisposable
{
    public const string Namespace = "default";

    private readonly List<HostReplica> replicas = [];

    private HostOnKubeSim(KubeSimServer sim) => Sim = sim;

    public KubeSimServer Sim { get; }

    /// <summary>The test's own client (the simulator's admin user, not any replica).</summary>
    public IKubernetes Client => Sim.Client;

    public static async Task<HostOnKubeSim> StartAsync(bool withCrd = true)
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions { ClockSpeed = 10 });
        if (withCrd)
        {
            // The generated CRDs as shipped (AgentTask and AgentTaskSchedule; config/crd is written by the generator).
            sim.LoadCrdDirectory(RepositoryPaths.PathOf("config/crd"));
        }

        return new HostOnKubeSim(sim);
    }

    /// <summary>Operator options for the tests: short lease timings, health and metrics on free ports.</summary>
    public static OperatorOptions Options(bool leaderElection = true) => new()
    {
        WorkerId = "e2e",
        Namespace = Namespace,
        PreflightImage = "busybox:1.36",
        LeaderElection = new ConfiguredElection
        {
            Enabled = leaderElection,
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(250),
        },
        Telemetry = new TelemetryOptions { HealthPort = 0, MetricsPort = 0 },
    };

    public HostReplica StartReplica(string user, OperatorOptions? options = null)
    {
        var replica = HostReplica.Start(Sim, user, options ?? Options());
        replicas.Add(replica);
        return replica;
    }

    public Task CreateTaskAsync(string name, string image = "ubuntu:22.04") => Client.CreateAgentTaskAsync(AgentTaskClient.NewTask(Namespace, name, image));

    public Task<AgentTask?> GetTaskAsync(string name) => Client.GetAgentTaskAsync(Namespace, name);

    public async Task<AgentTask> WaitForTaskAsync(string name, Func<AgentTask, bool> condition, string what)
    {
        AgentTask? last = null;
        await WaitUntilAsync(async () => (last = await GetTaskAsync(name)) is { } task && condition(task), () => $"{what}; last seen: {KubernetesJson.Serialize(last)}");
        return last!;
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), () => what);

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, or fails the test after a timeout or once
    /// <paramref name="cancellationToken"/> (by default the test's: its [CancelAfter] budget) is cancelled.
    /// </summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what, CancellationToken? cancellationToken = null) =>
        Eventually.UntilAsync(condition, held => held, what, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // For the test's output when it fails: the requests the simulator refused.
        foreach (var e in Sim.RequestLog.Entries.Where(e => e.Code >= 400 || Environment.GetEnvironmentVariable("OZ_E2E_ALL_REQUESTS") == "1").Take(200))
        {
            await TestContext.Out.WriteLineAsync($"{e.Code} {e.Verb} {e.Resource}/{e.Subresource} {e.Name} by {e.User}");
        }

        // Every replica and then the simulator are stopped even when one of them fails to stop.
        var failures = new List<Exception>();
        foreach (var replica in replicas)
        {
            try
            {
                await replica.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        try
        {
            await OperatorOnKubeSim.StopSimulatorAsync(Sim);
        }
        catch (Exception e)
        {
            failures.Add(e);
        }

        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }
}
