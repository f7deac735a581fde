namespace Oz.KubeSim;

/// <summary>How a simulator instance is started.</summary>
public sealed record KubeSimOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Directory of CRD YAML files to serve at start (e.g. config/crd).</summary>
    public string? CrdDirectory { get; init; }

    /// <summary>Watch events kept per resource for resuming watches; older revisions get 410 Gone.</summary>
    public int HistoryLimit { get; init; } = 20_000;

    /// <summary>Events a watcher may lag behind before it is dropped.</summary>
    public int WatcherCapacity { get; init; } = 20_000;

    /// <summary>How long a watch without timeoutSeconds stays open.</summary>
    public TimeSpan DefaultWatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Interval of BOOKMARK events for watches that allow them (real servers: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Simulated time speed-up (kubelet durations, deadlines, TTLs).</summary>
    public double ClockSpeed { get; init; } = 1;

    /// <summary>How long a pod with the default outcome runs before succeeding (simulated time).</summary>
    public TimeSpan DefaultRunDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Namespaces that exist at start.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    /// <summary>Run the Job controller and kubelet.</summary>
    public bool RunControllers { get; init; } = true;

    /// <summary>
    /// Authorize every request by the RBAC objects stored through the API and refuse unknown bearer
    /// tokens (401), as a real API server does; off, every request acts as cluster-admin.
    /// </summary>
    public bool Rbac { get; init; }

    /// <summary>Log each request to the console (serve mode).</summary>
    public bool ConsoleLog { get; init; }
}
