using System.Net;
using k8s;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Oz.KubeSim.Admission;
using Oz.KubeSim.Api.Http;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Diagnostics;
using Oz.KubeSim.Faults;
using Oz.KubeSim.Security;

namespace Oz.KubeSim;

/// <summary>
/// An in-process Kubernetes API server on 127.0.0.1, spoken to over real HTTP.
/// <code>await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions());</code>
/// </summary>
public sealed class KubeSimServer : IAsyncDisposable
{
    private readonly KubeSimOptions _options;
    private readonly KubeApiHandler _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly GarbageCollector _gc;
    private readonly List<string> _skippedCrdDocuments = [];
    private WebApplication? _app;
    private Kubelet? _kubelet;
    private JobController? _jobController;
    private int _disposed;

    private KubeSimServer(KubeSimOptions options)
    {
        _options = options;
        Store = new ObjectStore(options.HistoryLimit, options.WatcherCapacity);
        Registry = new ResourceRegistry();
        Clock = new SimClock { Speed = options.ClockSpeed };
        Api = new ResourceApi(Store, Registry, Admission, Clock);
        Faults = new FaultInjector(Store);
        _gc = new GarbageCollector(Api);
        _handler = new KubeApiHandler(Api, Rbac, Faults, RequestLog, options);
        Rbac.Attach(Store);
        var quota = new Quota.ResourceQuotaEnforcer(Store, Registry);
        Api.BuiltInAdmission.Add(new Admission.Policy.ValidatingAdmissionPolicyRule(Store, Registry));
        Api.BuiltInAdmission.Add(quota);
        Api.Changed = (_, ns) => Store.Write(_ => { quota.Refresh(ns); return 0; });
        Rbac.Enabled = options.Rbac;
        Rbac.StrictAuthentication = options.Rbac;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    public ObjectStore Store { get; }

    public ResourceRegistry Registry { get; }

    public ResourceApi Api { get; }

    public SimClock Clock { get; }

    public FaultInjector Faults { get; }

    public RequestLog RequestLog { get; } = new();

    public RbacModel Rbac { get; } = new();

    public AdmissionChain Admission { get; } = new();

    /// <summary>Pod outcomes scripted by image or annotation.</summary>
    public OutcomeScripts Scripts { get; } = new();

    /// <summary>The simulated kubelet (null when controllers are off).</summary>
    public Kubelet? Kubelet => _kubelet;

    /// <summary>A KubernetesClient pointed at the simulator as the cluster-admin user of the kubeconfig <c>serve</c> writes.</summary>
    public IKubernetes Client { get; private set; } = null!;

    public static async Task<KubeSimServer> StartAsync(KubeSimOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = new KubeSimServer(options ?? new KubeSimOptions());
        await server.InitializeAsync(cancellationToken);
        return server;
    }

    /// <summary>A client authenticating with a bearer token (map tokens to users with <see cref="RbacModel.AddToken"/>).</summary>
    public IKubernetes CreateClient(string? token = null) =>
        new Kubernetes(new KubernetesClientConfiguration { Host = Url, AccessToken = token });

    /// <summary>Writes a kubeconfig with one cluster/context/user pointing at this server.</summary>
    public void WriteKubeconfig(string path, string ns = "default")
    {
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubesim
              cluster:
                server: {Url}
            users:
            - name: kubesim
              user:
                token: {RbacModel.AdminToken}
            contexts:
            - name: kubesim
              context:
                cluster: kubesim
                user: kubesim
                namespace: {ns}
            current-context: kubesim
            """;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, text + "\n");
    }

    /// <summary>Serves the CRDs in a YAML file (multi-document allowed); other kinds in it are created too.</summary>
    public void LoadYaml(string yaml)
    {
        foreach (var doc in YamlJson.ParseDocuments(yaml))
        {
            var apiVersion = JsonPath.GetString(doc, "apiVersion") ?? "";
            var kind = JsonPath.GetString(doc, "kind") ?? "";
            var type = Registry.FindByKind(apiVersion, kind) ?? throw new InvalidOperationException($"kubesim does not serve {apiVersion} {kind}");
            var ns = type.Namespaced ? JsonPath.GetString(doc, "metadata.namespace") ?? "default" : "";
            Api.Create(type, ns, doc, new RequestContext(Rbac.DefaultUser));
        }
    }

    /// <summary>
    /// Serves every CRD in the directory's *.yaml/*.yml files. Other documents (a kustomization.yaml,
    /// samples) are skipped, not created, and listed in <see cref="SkippedCrdDocuments"/>.
    /// </summary>
    public void LoadCrdDirectory(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Concat(Directory.EnumerateFiles(directory, "*.yml")).Order(StringComparer.Ordinal))
        {
            foreach (var doc in YamlJson.ParseDocuments(File.ReadAllText(file)))
            {
                var apiVersion = JsonPath.GetString(doc, "apiVersion") ?? "";
                var kind = JsonPath.GetString(doc, "kind") ?? "";
                if (kind == "CustomResourceDefinition" && apiVersion.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal))
                {
                    Api.Create(BuiltInResources.Crds, "", doc, new RequestContext(Rbac.DefaultUser));
                }
                else
                {
                    _skippedCrdDocuments.Add($"{Path.GetFileName(file)}: {apiVersion} {kind}");
                }
            }
        }
    }

    /// <summary>Documents of the CRD directory that were not CRDs, as "file: apiVersion kind".</summary>
    public IReadOnlyList<string> SkippedCrdDocuments => _skippedCrdDocuments;

    /// <summary>Stops serving HTTP (connections refused) while keeping the store.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }

        // Only API clients' streams end; the Job controller and kubelet keep watching the store.
        Store.CloseApiWatchers();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Serves again on the same port with the same store.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartHttpAsync(Port, cancellationToken);
    }

    /// <summary>
    /// Stops in order: HTTP (no new requests), the bookmark loop, then the controllers in the order
    /// they feed each other (Job controller → kubelet → garbage collector), each awaited, and only
    /// then releases what they used. Disposing twice is harmless.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await StopAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        if (_jobController is not null)
        {
            await _jobController.DisposeAsync();
        }

        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        await _gc.DisposeAsync();
        Store.CloseAllWatchers();
        _stop.Dispose();
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var ns in _options.Namespaces)
        {
            Api.Create(BuiltInResources.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, new RequestContext(Rbac.DefaultUser));
        }

        SimulatedNode.Register(Api, new RequestContext(Rbac.DefaultUser));
        SecuritySetup.Seed(Api, new RequestContext(Rbac.DefaultUser));
        if (_options.RunControllers)
        {
            var events = new EventRecorder(Api);
            Scripts.Default = PodOutcome.Succeed(_options.DefaultRunDuration);
            _kubelet = new Kubelet(Api, events, Scripts, _options.DefaultRunDuration);
            _jobController = new JobController(Api, events);
            _handler.PodLogs = _kubelet.GetLog;
        }

        if (_options.CrdDirectory is { } dir)
        {
            LoadCrdDirectory(dir);
        }

        _loops.Add(Task.Run(() => BookmarkLoopAsync(_stop.Token)));
        await StartHttpAsync(_options.Port, cancellationToken);
    }

    private async Task StartHttpAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (_options.ConsoleLog)
        {
            builder.Logging.AddSimpleConsole();
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        app.Run(_handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        Url = $"http://127.0.0.1:{Port}";
        _handler.ServerAddress = $"127.0.0.1:{Port}";
        Client = CreateClient(RbacModel.AdminToken);
        _app = app;
    }

    private async Task BookmarkLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.BookmarkInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            Store.SendBookmarks(WatchEndpoint.Bookmark);
        }
    }
}
