namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>
/// The simulator with the generated CRD from config/crd and its own Job controller and kubelet,
/// plus any number of real operator hosts (<see cref="HostReplica"/>) against it over HTTP.
/// </summary>
internal sealed class HostOnKubeSim : KubeSimCluster
{
    public const string Namespace = DefaultNamespace;

    private readonly List<HostReplica> replicas = [];

    private HostOnKubeSim(KubeSimServer sim)
        : base(sim, Namespace)
    {
    }

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
        LeaderElection = new LeaderElectionOptions
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

    /// <summary>Stops every replica even when one of them fails to stop.</summary>
    protected override async Task StopRunsAsync()
    {
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

        if (failures.Count > 0)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }
}
