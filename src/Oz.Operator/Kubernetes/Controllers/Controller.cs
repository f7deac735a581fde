using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Kubernetes.Controllers;

/// <summary>
/// Runs an <see cref="IReconciler"/> over a work queue fed by informers, like controller-runtime's
/// controller: informer events become keys (<see cref="Watch{T}"/>), workers take keys one at a
/// time and reconcile them. A reconcile that throws is retried with per-key backoff; one that
/// returns <see cref="ReconcileResult.RequeueAfter"/> comes back after that delay.
/// </summary>
/// <remarks>
/// The queue outlives <see cref="RunAsync"/>: informers keep feeding it while this replica is not
/// leading, so a later run (a new leadership term) starts from everything that changed meanwhile.
/// </remarks>
public sealed class Controller : IDisposable
{
    private readonly IReconciler reconciler;
    private readonly ControllerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly List<(IInformer Informer, Func<IEnumerable<ObjectKey>> AllKeys)> sources = [];
    private int running;

    public Controller(IReconciler reconciler, ControllerOptions options, ILogger<Controller> logger, TimeProvider? timeProvider = null)
    {
        this.reconciler = reconciler;
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        Queue = new WorkQueue<ObjectKey>(new ExponentialRateLimiter<ObjectKey>(options.RetryBackoff), time);
    }

    /// <summary>Raised after each reconcile with its key, duration and outcome (for metrics).</summary>
    public event Action<ObjectKey, TimeSpan, ReconcileOutcome>? Reconciled;

    public string Name => options.Name;

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Reconciles every object of <paramref name="informer"/> under its own key.</summary>
    public void For<T>(Informer<T> informer)
        where T : class, IKubernetesObject<V1ObjectMeta> => Watch(informer, KeyMappers.Self);

    /// <summary>
    /// Enqueues <paramref name="keysOf"/>(object) on every add, update (old and new object, in case
    /// the mapping changed), delete and resync of <paramref name="informer"/>. Call before the
    /// informer starts.
    /// </summary>
    public void Watch<T>(Informer<T> informer, Func<T, IEnumerable<ObjectKey>> keysOf)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        informer.AddEventHandler(new ResourceEventHandler<T>(
            onAdd: obj => Enqueue(keysOf(obj)),
            onUpdate: (oldObj, newObj) =>
            {
                Enqueue(keysOf(newObj));
                if (!ReferenceEquals(oldObj, newObj))
                {
                    Enqueue(keysOf(oldObj));
                }
            },
            onDelete: obj => Enqueue(keysOf(obj))));
        sources.Add((informer, () => informer.Cache.List().SelectMany(keysOf)));
    }

    /// <summary>
    /// Waits for every watched informer's first list, enqueues the keys of all cached objects (so a
    /// new run considers everything once), then reconciles with <see cref="ControllerOptions.Workers"/>
    /// workers until <paramref name="cancellationToken"/> is cancelled. Returns at most
    /// <see cref="ControllerOptions.ShutdownTimeout"/> after cancellation.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) != 0)
        {
            throw new InvalidOperationException($"Controller {Name} is already running.");
        }

        try
        {
            try
            {
                await Task.WhenAll(sources.Select(s => s.Informer.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            foreach (var (_, allKeys) in sources)
            {
                Enqueue(allKeys());
            }

            logger.LogInformation("Controller {Controller}: caches synced, starting {Workers} workers", Name, options.Workers);
            var workers = Enumerable.Range(0, Math.Max(1, options.Workers))
                .Select(_ => Task.Run(() => WorkerAsync(cancellationToken), CancellationToken.None))
                .ToList();

            try
            {
                await Task.WhenAll(workers).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled: give reconciles in flight a bounded time to notice, then leave them.
                try
                {
                    await Task.WhenAll(workers).WaitAsync(options.ShutdownTimeout, time).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    logger.LogWarning("Controller {Controller}: reconciles still running {Timeout} after stop; not waiting for them", Name, options.ShutdownTimeout);
                }
            }

            logger.LogInformation("Controller {Controller}: stopped", Name);
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    /// <summary>Shuts the queue down for good (on host shutdown).</summary>
    public void Dispose() => Queue.Dispose();

    private void Enqueue(IEnumerable<ObjectKey> keys)
    {
        foreach (var key in keys)
        {
            Queue.Add(key);
        }
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                (key, var shuttingDown) = await Queue.GetAsync(cancellationToken).ConfigureAwait(false);
                if (shuttingDown)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await ProcessAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ProcessAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        ReconcileOutcome outcome;
        try
        {
            var result = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);

            // A success ends the key's failure streak; a timer request is not a failure.
            Queue.Forget(key);
            if (result.RequeueAfter is { } after)
            {
                Queue.AddAfter(key, after);
                outcome = ReconcileOutcome.Requeued;
            }
            else
            {
                outcome = ReconcileOutcome.Done;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-reconcile: keep the key queued for the next run (or the next leader's
            // initial pass), rather than dropping the work.
            Queue.Add(key);
            outcome = ReconcileOutcome.Cancelled;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Controller {Controller}: reconcile of {Key} failed ({Failures} before); retrying with backoff", Name, key, Queue.NumRequeues(key));
            Queue.AddRateLimited(key);
            outcome = ReconcileOutcome.Error;
        }
        finally
        {
            // Done after the re-adds above: a key re-added while processing is queued again here,
            // and only here, which is what keeps one key on one worker at a time.
            Queue.Done(key);
        }

        try
        {
            Reconciled?.Invoke(key, time.GetElapsedTime(started), outcome);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Controller {Controller}: reconcile listener failed", Name);
        }
    }
}
