using Oz.KubeSim.Security;
using Oz.KubeSim.Store;
using Oz.Operator.Preflight;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// A KubeSim cluster for preflight tests: optionally with the AgentTask CRD, RBAC on for the
/// operator's service account (granted everything in <see cref="RequiredPermissions"/> unless told otherwise).
/// </summary>
internal sealed class PreflightCluster : IAsyncDisposable
{
    public const string Namespace = "oz";

    /// <summary>Where the operator pod, and so its Lease, lives when it runs apart from its tasks.</summary>
    public const string LeaseNamespace = "oz-system";
    public const string Token = "oz-operator-token";
    public const string User = "system:serviceaccount:oz:oz-operator";

    /// <summary>Enough of the AgentTask CRD for discovery and custom-object requests.</summary>
    public static readonly string CrdYaml = MinimalCrd("AgentTask", "agenttask", "at");

    /// <summary>Enough of the AgentTaskSchedule CRD for discovery and custom-object requests.</summary>
    public static readonly string ScheduleCrdYaml = MinimalCrd("AgentTaskSchedule", "agenttaskschedule", "ats");

    private static string MinimalCrd(string kind, string singular, string shortName) => $$$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: {{{singular}}}s.oz.warp.dev
        spec:
          group: oz.warp.dev
          scope: Namespaced
          names: {kind: {{{kind}}}, listKind: {{{kind}}}List, plural: {{{singular}}}s, singular: {{{singular}}}, shortNames: [{{{shortName}}}]}
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    private readonly bool readNamespace;
    private ScriptedJobController? scripted;

    private PreflightCluster(KubeSimServer sim, bool readNamespace)
    {
        Sim = sim;
        this.readNamespace = readNamespace;
    }

    public KubeSimServer Sim { get; }

    /// <summary>
    /// Starts the cluster without the simulator's own controllers: a <see cref="ScriptedJobController"/>
    /// plays the Job controller and kubelet with <paramref name="outcome"/>, and stops with the cluster.
    /// </summary>
    public static async Task<PreflightCluster> StartScriptedAsync(ScriptedJobOutcome outcome)
    {
        var cluster = await StartAsync(options: new KubeSimOptions { RunControllers = false });
        cluster.scripted = new ScriptedJobController(cluster.Sim.Client, Namespace, outcome);
        return cluster;
    }

    /// <summary>Starts the cluster; <paramref name="readNamespace"/> false leaves out the chart's get on the task Namespace.</summary>
    public static async Task<PreflightCluster> StartAsync(bool withCrd = true, KubeSimOptions? options = null, bool withScheduleCrd = true, bool readNamespace = true)
    {
        var sim = await KubeSimServer.StartAsync((options ?? new KubeSimOptions()) with
        {
            Namespaces = ["default", "kube-system", Namespace, LeaseNamespace],
            ClockSpeed = 5,
        });
        if (withCrd)
        {
            sim.LoadYaml(CrdYaml);
        }

        if (withCrd && withScheduleCrd)
        {
            sim.LoadYaml(ScheduleCrdYaml);
        }

        sim.Rbac.AddToken(Token, User);
        sim.Rbac.Enabled = true;
        var cluster = new PreflightCluster(sim, readNamespace);
        cluster.GrantAllExcept(null, null);
        return cluster;
    }

    public static OperatorOptions Options() => new() { WorkerId = "preflight-test", Namespace = Namespace };

    /// <summary>Grants the operator every required verb except one (none when both are null).</summary>
    public void GrantAllExcept(PermissionRequirement? denied, string? deniedVerb)
    {
        RevokeAll();
        GrantNamespaceRead();
        foreach (var requirement in RequiredPermissions.All)
        {
            // A verb needed in both scopes is one permission in one namespace: denied in both.
            var verbs = requirement.Verbs
                .Where(verb => denied is null || verb != deniedVerb || requirement.Group != denied.Group || requirement.RuleResource != denied.RuleResource)
                .ToArray();
            if (verbs.Length > 0)
            {
                Sim.Rbac.Grant(User, verbs, requirement.Group, [requirement.RuleResource], Namespace);
            }
        }
    }

    /// <summary>The chart's ClusterRole: get on the task Namespace, by name.</summary>
    private void GrantNamespaceRead()
    {
        if (readNamespace)
        {
            Sim.Rbac.Grant(new RbacRule(["get"], [""], ["namespaces"]) { User = User, Names = [Namespace] });
        }
    }

    /// <summary>Grants what the chart grants when the operator runs in <see cref="LeaseNamespace"/> and its tasks in <see cref="Namespace"/>.</summary>
    public void GrantSplit(bool leasePermissions = true)
    {
        RevokeAll();
        GrantNamespaceRead();
        foreach (var requirement in RequiredPermissions.All)
        {
            var lease = requirement.Scope == PermissionScope.LeaseNamespace;
            if (!lease || leasePermissions)
            {
                Sim.Rbac.Grant(User, [.. requirement.Verbs], requirement.Group, [requirement.RuleResource], lease ? LeaseNamespace : Namespace);
            }
        }
    }

    /// <summary>Leaves only what every authenticated user has (KubeSim's system:basic-user: access reviews).</summary>
    public void RevokeAll()
    {
        Sim.Rbac.Reset();
        Sim.Rbac.Enabled = true;
    }

    public IKubernetes CreateClient() => Sim.CreateClient(Token);

    public PreflightRunner Runner(IKubernetes client, OperatorOptions? options = null, PreflightSettings? settings = null) =>
        new(client, options ?? Options(), settings ?? Settings(), NullLogger<PreflightRunner>.Instance);

    public static PreflightSettings Settings(TimeSpan? jobTimeout = null) => new()
    {
        JobTimeout = jobTimeout ?? TimeSpan.FromSeconds(10),
        RequestTimeout = TimeSpan.FromSeconds(5),
        ReportingInstance = "oz-operator-test",
    };

    public PreflightContext Context(IKubernetes client, OperatorOptions? options = null, PreflightSettings? settings = null) =>
        new(client, options ?? Options(), settings ?? Settings(), "t" + Guid.NewGuid().ToString("N")[..7], NullLogger.Instance);

    /// <summary>Jobs now in the operator's namespace.</summary>
    public IReadOnlyList<StoredObject> Jobs() => Sim.Store.List(BuiltInResources.Jobs, Namespace).Items;

    /// <summary>How many times a Job was deleted with propagationPolicy honoured by the server.</summary>
    public int JobDeletes() => Sim.RequestLog.Count("delete", "jobs");

    public int JobCreates() => Sim.RequestLog.Entries.Count(e => e.Verb == "create" && e.Resource == "jobs" && e.Code is 201);

    public async ValueTask DisposeAsync()
    {
        if (scripted is not null)
        {
            await scripted.DisposeAsync();
        }

        await Sim.DisposeAsync();
    }
}
