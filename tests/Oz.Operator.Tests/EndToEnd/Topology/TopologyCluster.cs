using Oz.Operator.Tests.EndToEnd.Host;

namespace Oz.Operator.Tests.EndToEnd.Topology;

/// <summary>
/// The simulator with RBAC enforced (every request is authorized by the Roles stored through the
/// API, as on a real cluster), the generated CRD, namespaces oz-system and oz-tasks, and the
/// installs the test applies, each run as real operator processes with its ServiceAccount's token.
/// </summary>
internal sealed class TopologyCluster : IAsyncDisposable
{
    public const string OzSystem = "oz-system";
    public const string OzTasks = "oz-tasks";

    /// <summary>The operator image the chart renders (the simulated kubelet keeps its pods running).</summary>
    public const string OperatorImageTag = "0.0.0-topology";

    private readonly List<OperatorPod> pods = [];
    private readonly HashSet<OperatorPod> expectedExits = [];
    private readonly List<FakeOzServer> ozServers = [];
    private readonly string workDirectory = Directory.CreateTempSubdirectory("oz-topology-").FullName;

    private TopologyCluster(KubeSimServer sim) => Sim = sim;

    public KubeSimServer Sim { get; }

    /// <summary>The cluster admin (the test, or whoever runs helm install).</summary>
    public IKubernetes Admin => Sim.Client;

    /// <summary>Every Job create the API server admitted.</summary>
    public WriteRecorder Writes { get; } = new();

    public IReadOnlyList<OperatorPod> Pods => pods;

    public static async Task<TopologyCluster> StartAsync()
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions
        {
            Rbac = true,
            ClockSpeed = 10,
            Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease", OzSystem, OzTasks],
        });
        sim.LoadCrdDirectory(RepositoryPaths.PathOf("config/crd"));
        var cluster = new TopologyCluster(sim);
        sim.Admission.Add(cluster.Writes);
        return cluster;
    }

    /// <summary>A fake Oz for one worker.</summary>
    public async Task<FakeOzServer> StartOzAsync()
    {
        var oz = await FakeOzServer.StartAsync();
        ozServers.Add(oz);
        return oz;
    }

    /// <summary>
    /// Applies the install's ServiceAccount, Roles, RoleBindings, ConfigMap and Secret as the admin,
    /// then starts <paramref name="replicas"/> (default: the Deployment's replicas) operator processes
    /// authenticating as the ServiceAccount, each with a pod object of its own (so Events about it land
    /// on a real object), named like the Deployment's pods.
    /// </summary>
    public async Task<IReadOnlyList<OperatorPod>> InstallAsync(InstallManifests manifests, IReadOnlyDictionary<string, string>? extraEnvironment = null, int? replicas = null)
    {
        foreach (var obj in manifests.Applied)
        {
            Sim.LoadYaml(obj.ToJsonString());
        }

        var ns = manifests.DeploymentNamespace;
        var token = await Admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600 } }, manifests.ServiceAccountName, ns);
        var kubeconfig = Path.Combine(workDirectory, $"{ns}-{manifests.ServiceAccountName}.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, Kubeconfig(Sim.Url, token.Status.Token, ns));

        var deployment = (string)manifests.Deployment["metadata"]!["name"]!;
        var started = new List<OperatorPod>();
        for (var i = 0; i < (replicas ?? manifests.Replicas); i++)
        {
            var name = $"{deployment}-{Guid.NewGuid().ToString("N")[..10]}-{i}";
            await CreatePodObjectAsync(manifests, name);
            var pod = OperatorPod.Start(manifests, name, kubeconfig, workDirectory, extraEnvironment);
            pods.Add(pod);
            started.Add(pod);
        }

        return started;
    }

    /// <summary>The user the API server sees for an install's operator.</summary>
    public static string UserOf(InstallManifests manifests) => $"system:serviceaccount:{manifests.DeploymentNamespace}:{manifests.ServiceAccountName}";

    public Task CreateTaskAsync(string ns, string name, string image = "ubuntu:22.04", IDictionary<string, string>? labels = null) =>
        Admin.CreateAgentTaskAsync(AgentTaskClient.NewTask(ns, name, image, labels));

    public Task<AgentTask?> GetTaskAsync(string ns, string name) => Admin.GetAgentTaskAsync(ns, name);

    /// <summary>Waits for the task to satisfy <paramref name="condition"/>; fails early, with the operators' logs, when one of them exits.</summary>
    public async Task<AgentTask> WaitForTaskAsync(string ns, string name, Func<AgentTask, bool> condition, string what)
    {
        AgentTask? last = null;
        await WaitUntilAsync(async () => (last = await GetTaskAsync(ns, name)) is { } task && condition(task), () => $"{ns}/{name} {what}; last seen: {(last?.Status is { } status ? KubernetesJson.Serialize(status) : "no status")}");
        return last!;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> (bounded by the harness's timeout and the test's budget).
    /// An operator that exits on its own while waited for fails the wait with its log: no test waits
    /// the whole timeout for a process that crashed at start.
    /// </summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> what) =>
        Eventually.UntilAsync(
            async () =>
            {
                var crashed = pods.Where(p => p.HasExited && !expectedExits.Contains(p)).ToList();
                if (crashed.Count > 0)
                {
                    Assert.Fail($"operator {string.Join(", ", crashed.Select(p => $"{p.Name} exited {p.ExitCode}"))} while waiting for: {what()}\n{string.Join('\n', crashed.Select(p => p.Tail()))}");
                }

                return await condition();
            },
            what);

    /// <summary>The test is about to end <paramref name="pod"/>: its exit does not fail the waits.</summary>
    public void ExpectExit(OperatorPod pod) => expectedExits.Add(pod);

    /// <summary>The holder of a Lease, or null while there is none.</summary>
    public async Task<string?> LeaseHolderAsync(string ns, string name)
    {
        try
        {
            var lease = await Admin.CoordinationV1.ReadNamespacedLeaseAsync(name, ns);
            return lease.Spec?.HolderIdentity is { Length: > 0 } holder ? holder : null;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The operators' logs, for a failing test's output.</summary>
    public string Logs() => string.Join('\n', pods.Select(p => p.Tail()));

    public async ValueTask DisposeAsync()
    {
        // The test's output (shown when it fails; the outcome is not known yet here): the operators'
        // last log lines and the requests the API server refused.
        await TestContext.Out.WriteLineAsync(Logs());
        foreach (var e in Sim.RequestLog.Entries.Where(e => e.Code >= 400 && e.User.StartsWith("system:serviceaccount:", StringComparison.Ordinal)).Take(100))
        {
            await TestContext.Out.WriteLineAsync($"{e.Code} {e.Verb} {e.Resource}/{e.Subresource} {e.Namespace}/{e.Name} by {e.User}");
        }

        foreach (var pod in pods)
        {
            await pod.DisposeAsync();
        }

        foreach (var oz in ozServers)
        {
            await oz.DisposeAsync();
        }

        await KubeSimCluster.StopSimulatorAsync(Sim);
        Directory.Delete(workDirectory, recursive: true);
    }

    private static string Kubeconfig(string server, string token, string ns) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: cluster
          cluster:
            server: {server}
        users:
        - name: operator
          user:
            token: {token}
        contexts:
        - name: operator
          context:
            cluster: cluster
            user: operator
            namespace: {ns}
        current-context: operator
        """;

    /// <summary>The pod object the Deployment's ReplicaSet would create (the simulated kubelet keeps it running).</summary>
    private async Task CreatePodObjectAsync(InstallManifests manifests, string name)
    {
        var template = manifests.Deployment["spec"]!["template"]!.DeepClone().AsObject();
        var metadata = template["metadata"]!.AsObject();
        metadata["name"] = name;
        metadata["namespace"] = manifests.DeploymentNamespace;
        foreach (var container in template["spec"]!["containers"]!.AsArray())
        {
            Sim.Scripts.Script((string)container!["image"]!, "hang");
        }

        var pod = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata.DeepClone(), ["spec"] = template["spec"]!.DeepClone() };
        await Admin.CoreV1.CreateNamespacedPodAsync(KubernetesJson.Deserialize<V1Pod>(pod.ToJsonString()), manifests.DeploymentNamespace);
    }

    /// <summary>The Secret that install instructions have the user create by hand.</summary>
    public static JsonObject Secret(string ns, string name, string key, string value) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["data"] = new JsonObject { [key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) },
    };
}
