using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// One shared list-then-watch of one resource, feeding an <see cref="ObjectCache{T}"/> and the
/// registered handlers. Lists once, then watches from the list's resourceVersion; when the server
/// ends a stream it resumes from the last resourceVersion seen (events and bookmarks advance it);
/// on 410 Gone it relists and turns the difference into synthetic add/update/delete events; an
/// undecodable event is skipped (counted, one Warning naming the object) and stepped past, relisting
/// when the object is named; on any other failure it retries after a jittered exponential backoff.
/// A slow periodic resync hands every cached object to the handlers again, as a safety net for
/// anything a handler dropped.
/// </summary>
public sealed partial class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListerWatcher<T> listerWatcher;
    private readonly InformerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ObjectCache<T> cache;
    private readonly List<IResourceEventHandler<T>> handlers = [];

    // Serialises cache writes + handler calls of the watch loop and the resync loop, so handlers
    // see one event at a time, in order.
    private readonly SemaphoreSlim dispatch = new(1, 1);
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? resourceVersion;
    private long failingSinceUtcTicks;
    private long watchRestarts;
    private long skippedEvents;
    private int consecutiveFailures;
    private int started;

    public Informer(IListerWatcher<T> listerWatcher, InformerOptions options, ILogger<Informer<T>> logger, TimeProvider? timeProvider = null)
    {
        this.listerWatcher = listerWatcher;
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        cache = new ObjectCache<T>(options.IndexedLabels, options.Indexers);
    }

    /// <summary>Raised each time a new watch stream is opened after the first (for metrics).</summary>
    public event Action<WatchRestartReason>? WatchRestarted;

    public string Name => options.Name;

    public IObjectCache<T> Cache => cache;

    public bool HasSynced => cache.HasSynced;

    /// <summary>The resourceVersion the next watch would start from; null before a list or after 410 Gone.</summary>
    public string? ResourceVersion => resourceVersion;

    public DateTimeOffset? FailingSince
    {
        get
        {
            var ticks = Interlocked.Read(ref failingSinceUtcTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    public long WatchRestarts => Interlocked.Read(ref watchRestarts);

    /// <summary>Watch events skipped because they did not decode (see <see cref="UndecodableWatchEventException"/>).</summary>
    public long SkippedEvents => Interlocked.Read(ref skippedEvents);

    /// <summary>Registers a handler; only before <see cref="RunAsync"/>, so no handler misses the initial list.</summary>
    public void AddEventHandler(IResourceEventHandler<T> handler)
    {
        if (Volatile.Read(ref started) != 0)
        {
            throw new InvalidOperationException($"Informer {Name}: handlers must be added before it starts.");
        }

        handlers.Add(handler);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled. Runs once per informer.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException($"Informer {Name} is already running.");
        }

        var resync = ResyncLoopAsync(cancellationToken);
        try
        {
            await ListAndWatchLoopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await resync.ConfigureAwait(false);
        }
    }
}
