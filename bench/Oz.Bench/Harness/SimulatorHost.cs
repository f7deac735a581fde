using k8s;
using k8s.Models;
using Oz.Bench.Measurement;
using Oz.KubeSim;
using Oz.KubeSim.Store;

namespace Oz.Bench.Harness;

/// <summary>
/// A fresh KubeSim (its own Job controller and kubelet, pods succeeding after 1 s) serving the real
/// AgentTask CRD, with two identities so the request log tells the bench's own requests from the
/// operator's.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string Namespace = "default";
    public const string BenchUser = "bench";
    public const string OperatorUser = "system:serviceaccount:oz:operator";
    private const string BenchToken = "bench-token";
    private const string OperatorToken = "operator-token";

    /// <summary>The simulator's in-process watchers (Job controller, kubelet): not API watch streams.</summary>
    private readonly HashSet<Watcher> internalWatchers = [];

    private SimulatorHost(KubeSimServer sim)
    {
        Sim = sim;
        sim.Rbac.AddToken(BenchToken, BenchUser);
        sim.Rbac.AddToken(OperatorToken, OperatorUser);
        sim.Store.CloseAllWatchers(w =>
        {
            internalWatchers.Add(w);
            return false;
        });
        Bench = sim.CreateClient(BenchToken);
        AgentTasks = sim.Registry.Find(Oz.Crds.V1Alpha1.AgentTask.Group, Oz.Crds.V1Alpha1.AgentTask.Version, Oz.Crds.V1Alpha1.AgentTask.Plural)
            ?? throw new InvalidOperationException("the simulator does not serve the AgentTask CRD");
        TaskCreations = new CreationRecorder(sim.Store, AgentTasks, Namespace);
        JobCreations = new CreationRecorder(sim.Store, BuiltInResources.Jobs, Namespace);
        internalWatchers.Add(TaskCreations.Watcher);
        internalWatchers.Add(JobCreations.Watcher);
    }

    public KubeSimServer Sim { get; }

    /// <summary>The bench's own client (AgentTask creates, direct Job creates of `limit`).</summary>
    public IKubernetes Bench { get; }

    public ResourceType AgentTasks { get; }

    /// <summary>When each AgentTask was committed to the store.</summary>
    public CreationRecorder TaskCreations { get; }

    /// <summary>When each Job was committed to the store (and whether a name was created twice).</summary>
    public CreationRecorder JobCreations { get; }

    /// <summary>How the operator reaches the simulator (its own identity).</summary>
    public KubernetesClientConfiguration OperatorConfiguration => new() { Host = Sim.Url, AccessToken = OperatorToken };

    public static async Task<SimulatorHost> StartAsync()
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions());

        // Created through the API, as kubectl apply would, not with sim.LoadYaml: integer bounds
        // (minimum: 0) read from YAML make the simulator's schema validator throw on every status
        // write carrying conditions[].observedGeneration; parsed from JSON they validate.
        foreach (var path in RepositoryPaths.Crds())
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(path));
            await sim.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        return new SimulatorHost(sim);
    }

    /// <summary>
    /// Writes a kubeconfig with the operator's identity, for an operator in another process (the
    /// simulator's own kubeconfig is cluster-admin under another user name, which the request log
    /// would not count as the operator's).
    /// </summary>
    public string WriteOperatorKubeconfig(string path)
    {
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubesim
              cluster:
                server: {Sim.Url}
            users:
            - name: operator
              user:
                token: {OperatorToken}
            contexts:
            - name: kubesim
              context:
                cluster: kubesim
                user: operator
                namespace: {Namespace}
            current-context: kubesim
            """);
        return path;
    }

    /// <summary>Watch streams open on the API (the simulator's own controllers left out).</summary>
    public int OpenWatchStreams()
    {
        var open = 0;
        Sim.Store.CloseAllWatchers(w =>
        {
            if (!w.Closed && !internalWatchers.Contains(w))
            {
                open++;
            }

            return false;
        });
        return open;
    }

    /// <summary>Ends every API watch stream (not the simulator's own controllers, which <c>Faults.DropWatches</c> would stop too).</summary>
    public int DropApiWatches() => Sim.Store.CloseAllWatchers(w => !internalWatchers.Contains(w));

    public async ValueTask DisposeAsync()
    {
        Bench.Dispose();

        // The simulated kubelet cannot be disposed while a pod is running (it races with the pod's own
        // end on a disposed token source): let running pods finish first, and tolerate that race.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (RunningPods() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        try
        {
            await Sim.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // The kubelet race above; the simulator has stopped serving by then.
        }
    }

    private int RunningPods() =>
        Sim.Store.List(BuiltInResources.Pods, null).Items.Count(p => p.Fields.GetValueOrDefault("status.phase") is not ("Succeeded" or "Failed"));
}
