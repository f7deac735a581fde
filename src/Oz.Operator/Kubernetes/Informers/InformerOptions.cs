using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Settings of one <see cref="Informer{T}"/>.</summary>
public sealed record InformerOptions
{
    /// <summary>Names the informer in logs, health reports and metrics (e.g. "jobs").</summary>
    public string Name { get; init; } = "informer";

    /// <summary>Server-side label selector of both list and watch; null takes everything in scope.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>
    /// Client-side filter after the server's selector, for what a label selector cannot say (such as
    /// "this label equals X, or is absent"): objects it refuses are never cached nor handed to
    /// handlers, and a cached object that stops passing it is removed as if deleted. Null takes all.
    /// </summary>
    public Func<IKubernetesObject<V1ObjectMeta>, bool>? Accepts { get; init; }

    /// <summary>
    /// Changes an object in place before it is cached and handed to handlers (after
    /// <see cref="Accepts"/>, and after managedFields are dropped and the metadata's repeating strings
    /// pooled): drops what no reader of this resource uses and pools its repeating strings. Whatever it
    /// drops, no handler or cache reader sees. Null changes nothing more.
    /// </summary>
    public Action<IKubernetesObject<V1ObjectMeta>, StringPool>? Transform { get; init; }

    /// <summary>The pool the cached objects' repeating strings are shared through.</summary>
    public StringPool Strings { get; init; } = StringPool.Shared;

    /// <summary>Label keys the cache indexes for <see cref="IObjectCache{T}.ListByLabel"/>.</summary>
    public IReadOnlyList<string> IndexedLabels { get; init; } = [];

    /// <summary>Named index functions the cache keeps for <see cref="IObjectCache{T}.ByIndex"/>.</summary>
    public IReadOnlyDictionary<string, IndexFunc> Indexers { get; init; } = new Dictionary<string, IndexFunc>();

    /// <summary>How often every cached object is handed to the handlers again as an update; zero turns it off.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Watch timeouts are drawn between this and <see cref="MaxWatchTimeout"/> so that streams rotate (as client-go does).</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxWatchTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay between restarts of a failing list or watch.</summary>
    public JitteredBackoff Backoff { get; init; } = JitteredBackoff.Watch;

    /// <summary>
    /// A watch that ends sooner than this without a single event counts as a failure (backoff),
    /// so a server closing streams at once is not hammered.
    /// </summary>
    public TimeSpan MinHealthyWatchDuration { get; init; } = TimeSpan.FromSeconds(1);
}
