using k8s.Autorest;
using Oz.Operator.Tasks.Security;
using Oz.Operator.Tests.EndToEnd.Host;

namespace Oz.Operator.Tests.EndToEnd.Security;

/// <summary>
/// A shared cluster as the raw install builds it, on the simulator with RBAC enforced: the CRD,
/// the Role, RoleBinding and ServiceAccount of config/rbac in oz-system, the operator (the real
/// host, authenticated as its ServiceAccount) with the options of config/manager/config.yaml,
/// optionally the admission policy of config/admission and a fake Oz; and a task author who may
/// only create and read AgentTasks there.
/// </summary>
internal sealed class SecureCluster : KubeSimCluster
{
    public const string Namespace = "oz-system";
    public const string OperatorUser = "system:serviceaccount:oz-system:oz-operator";
    public const string Author = "alice";
    public const string OperatorApiKey = "wk-operator-api-key-0123456789";

    /// <summary>The sample's Secret, listed in config/manager/config.yaml.</summary>
    public const string SampleSecret = "oz-agent-api-key";

    /// <summary>The operator's API-key Secret of the raw install (denied in config/manager/config.yaml).</summary>
    public const string ApiKeySecret = "oz-operator-api-key";

    private readonly List<IDisposable> clients = [];

    private SecureCluster(KubeSimServer sim, FakeOzServer? oz)
        : base(sim, Namespace)
    {
        Oz = oz;
        AuthorClient = Track(sim.CreateClient(Author));
    }

    public FakeOzServer? Oz { get; }

    /// <summary>A user who may create, read and delete AgentTasks in oz-system, nothing else.</summary>
    public IKubernetes AuthorClient { get; }

    public HostReplica Operator { get; private set; } = null!;

    /// <summary>
    /// Starts the cluster; <paramref name="configure"/> changes the operator's options of the raw
    /// install. <paramref name="clockSpeed"/> 1 keeps the simulator's timestamps on the operator's
    /// clock, for tests that wait on the age of an object (the Events the operator reads only after a grace).
    /// </summary>
    public static async Task<SecureCluster> StartAsync(bool policy, bool oz = false, Func<OperatorOptions, OperatorOptions>? configure = null, double clockSpeed = 10)
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions { Rbac = true, ClockSpeed = clockSpeed, Namespaces = ["default", "kube-system", Namespace] });
        var fakeOz = oz ? await FakeOzServer.StartAsync() : null;
        var cluster = new SecureCluster(sim, fakeOz);
        try
        {
            sim.LoadCrdDirectory(RepositoryPaths.PathOf("config/crd"));
            await cluster.ApplyRawRbacAsync();
            await cluster.GrantAuthorAsync();
            if (policy)
            {
                sim.LoadYaml(await File.ReadAllTextAsync(RepositoryPaths.PathOf("config/admission/agenttask-policy.yaml")));
            }

            await cluster.CreateSecretAsync(SampleSecret, "agent-key-value");
            await cluster.CreateSecretAsync(ApiKeySecret, OperatorApiKey);
            var options = RawOptions(fakeOz);
            cluster.Operator = HostReplica.Start(sim, OperatorUser, configure?.Invoke(options) ?? options, name => name == "WARP_API_KEY" && oz ? OperatorApiKey : null);
            await cluster.WaitUntilReadyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Preflight passed, caches synced, leader: what the operator does from here on is the test's.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = await Operator.HealthUrlAsync() };
        await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, () => "the operator's /readyz 200");
    }

    /// <summary>config/manager/config.yaml as the operator loads it, with test timings, free ports and the fake Oz.</summary>
    private static OperatorOptions RawOptions(FakeOzServer? oz)
    {
        var loaded = ConfigurationLoader.Load(RepositoryPaths.PathOf("config/manager/config.yaml"), new Dictionary<string, string>(), ParsedFlags.Empty);
        Assert.That(loaded.Errors, Is.Empty, "config/manager/config.yaml loads");
        return loaded.Options! with
        {
            WorkerId = "e2e-secure",
            PreflightImage = "busybox:1.36",
            LeaderElection = new LeaderElectionOptions
            {
                Enabled = true,
                LeaseName = "oz-operator",
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1.5),
                RetryPeriod = TimeSpan.FromMilliseconds(250),
            },
            Telemetry = new TelemetryOptions { HealthPort = 0, MetricsPort = 0 },
            Oz = oz is null ? new OzOptions() : new OzOptions { WebSocketUrl = oz.Url, ServerRootUrl = "http://oz.test" },
        };
    }

    /// <summary>config/rbac with the namespace kustomize would give it (config/default).</summary>
    private async Task ApplyRawRbacAsync()
    {
        foreach (var file in new[] { "service_account.yaml", "role.yaml", "role_binding.yaml", "namespace_reader.yaml" })
        {
            foreach (var document in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(RepositoryPaths.PathOf($"config/rbac/{file}"))))
            {
                switch (document)
                {
                    case V1ServiceAccount account:
                        account.Metadata.NamespaceProperty = Namespace;
                        await Client.CoreV1.CreateNamespacedServiceAccountAsync(account, Namespace);
                        break;
                    case V1Role role:
                        role.Metadata.NamespaceProperty = Namespace;
                        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace);
                        break;
                    case V1RoleBinding binding:
                        binding.Metadata.NamespaceProperty = Namespace;
                        foreach (var subject in binding.Subjects.Where(s => s.Kind == "ServiceAccount"))
                        {
                            subject.NamespaceProperty = Namespace;
                        }

                        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, Namespace);
                        break;
                    case V1ClusterRole clusterRole:
                        await Client.RbacAuthorizationV1.CreateClusterRoleAsync(clusterRole);
                        break;
                    case V1ClusterRoleBinding clusterBinding:
                        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(clusterBinding);
                        break;
                    default:
                        Assert.Fail($"config/rbac/{file} holds an unexpected {document.GetType().Name}");
                        break;
                }
            }
        }
    }

    private async Task GrantAuthorAsync()
    {
        Sim.Rbac.AddToken(Author, Author);
        var role = new V1Role
        {
            Metadata = new V1ObjectMeta { Name = "agenttask-author" },
            Rules = [new V1PolicyRule { ApiGroups = [AgentTask.Group], Resources = [AgentTask.Plural], Verbs = ["create", "get", "list", "watch", "delete"] }],
        };
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, Namespace);
        var binding = new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "agenttask-author" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role.Metadata.Name },
            Subjects = [new Rbacv1Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = Author }],
        };
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, Namespace);
    }

    public async Task CreateSecretAsync(string name, string value, bool labelled = false)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labelled ? new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = SecretAccessPolicy.AccessLabelValue } : null,
            },
            Data = new Dictionary<string, byte[]> { ["value"] = Encoding.UTF8.GetBytes(value) },
        };
        await Client.CoreV1.CreateNamespacedSecretAsync(secret, Namespace);
    }

    /// <summary>Labels the task namespace with a Pod Security level to enforce.</summary>
    public async Task EnforcePodSecurityAsync(string level)
    {
        var labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = level };
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels } }), V1Patch.PatchType.MergePatch), Namespace);
    }

    public async Task LabelSecretAsync(string name)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels = new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = SecretAccessPolicy.AccessLabelValue } } }), V1Patch.PatchType.MergePatch);
        await Client.CoreV1.PatchNamespacedSecretAsync(patch, name, Namespace);
    }

    /// <summary>A task as the author writes it: one env variable from <paramref name="secret"/> (when given).</summary>
    public static AgentTask TaskReading(string name, string? secret, Action<AgentTaskSpec>? configure = null)
    {
        var task = new AgentTask
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new AgentTaskSpec { Image = "ubuntu:22.04", Prompt = "do the thing" },
        };
        if (secret is not null)
        {
            task.Spec.Env = [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = "value" } } }];
        }

        configure?.Invoke(task.Spec);
        return task;
    }

    /// <summary>Creates the task as the author.</summary>
    public Task CreateAsAuthorAsync(AgentTask task) =>
        AuthorClient.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, Namespace, AgentTask.Plural);

    /// <summary>The API server's refusal of creating the task as the author.</summary>
    public async Task<(HttpStatusCode Code, string Body)> RefusedAsAuthorAsync(AgentTask task)
    {
        try
        {
            await CreateAsAuthorAsync(task);
        }
        catch (HttpOperationException e)
        {
            return (e.Response.StatusCode, e.Response.Content);
        }

        Assert.Fail($"creating {task.Metadata.Name} was admitted");
        return default;
    }

    public async Task<IReadOnlyList<V1Job>> JobsAsync() => (await Client.BatchV1.ListNamespacedJobAsync(Namespace)).Items.ToList();

    /// <summary>Events regarding an object of the namespace, in the events.k8s.io form.</summary>
    public async Task<IReadOnlyList<Eventsv1Event>> EventsAboutAsync(string name) =>
        (await Client.EventsV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.Regarding?.Name == name).ToList();

    private IKubernetes Track(IKubernetes client)
    {
        clients.Add(client);
        return client;
    }

    protected override async Task StopRunsAsync()
    {
        try
        {
            if (Operator is not null)
            {
                await Operator.DisposeAsync();
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            if (Oz is not null)
            {
                await Oz.DisposeAsync();
            }
        }
    }
}
