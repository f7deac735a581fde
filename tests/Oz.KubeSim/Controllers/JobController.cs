using System.Collections.Concurrent;
using System.Threading.Channels;
using Oz.KubeSim.Controllers.Jobs;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// The Job controller: one pod per Job at a time (restartPolicy Never; a failed pod is replaced
/// until backoffLimit), Job status and conditions (SuccessCriteriaMet, then Complete once no pod is
/// terminating; FailureTarget, then Failed
/// with BackoffLimitExceeded or DeadlineExceeded), activeDeadlineSeconds, ttlSecondsAfterFinished,
/// and the Events SuccessfulCreate, FailedCreate, Completed, DeadlineExceeded, BackoffLimitExceeded.
/// Pods are created through the API, so admission (Pod Security) applies to them.
/// This type watches Jobs and their pods and queues Job keys; one sync is <see cref="JobSync"/>.
/// </summary>
public sealed class JobController : IAsyncDisposable
{
    /// <summary>Simulated time before a Job whose sync failed unexpectedly is synced again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly ResourceApi _api;
    private readonly JobSync _sync;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _timers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Watcher _jobs;
    private readonly Watcher _pods;
    private readonly Task[] _loops;

    public JobController(ResourceApi api, EventRecorder events)
    {
        _api = api;
        _sync = new JobSync(api, events, EnqueueAt);
        _jobs = api.Store.Watch(BuiltInResources.Jobs, null, _ => true, null, false, unbounded: true)!;
        _pods = api.Store.Watch(BuiltInResources.Pods, null, p => p.OwnerUids.Count > 0, null, false, unbounded: true)!;
        _loops = [Task.Run(() => FeedAsync(_jobs, e => e.Object!.Key)), Task.Run(() => FeedAsync(_pods, JobKeyOfPod)), Task.Run(WorkAsync)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _api.Store.Close(_jobs);
        _api.Store.Close(_pods);
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static string? JobKeyOfPod(WatchEvent evt)
    {
        var pod = evt.Object!;
        return pod.Labels.TryGetValue("batch.kubernetes.io/job-name", out var job) ? $"{pod.Namespace}/{job}" : null;
    }

    private async Task FeedAsync(Watcher watcher, Func<WatchEvent, string?> key)
    {
        foreach (var evt in watcher.Initial)
        {
            Enqueue(key(evt));
        }

        try
        {
            while (await watcher.Reader.WaitToReadAsync(_stop.Token))
            {
                while (watcher.Reader.TryRead(out var evt))
                {
                    Enqueue(key(evt));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Enqueue(string? key)
    {
        if (key is not null && _queued.TryAdd(key, 0))
        {
            _queue.Writer.TryWrite(key);
        }
    }

    private void EnqueueAt(string key, DateTimeOffset when)
    {
        if (_timers.TryGetValue(key, out var existing) && existing <= when && existing > _api.Clock.Now)
        {
            return;
        }

        _timers[key] = when;
        // The token is taken now: reading _stop.Token inside the task could run after dispose.
        var stop = _stop.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await _api.Clock.WaitUntilAsync(when, stop);
                Enqueue(key);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var key in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                _queued.TryRemove(key, out _);
                try
                {
                    _sync.Sync(key);
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    Enqueue(key);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Any other failure (a refused or crashing write) must not end the worker: like
                    // kube-controller-manager, retry this Job later and keep serving the others.
                    EnqueueAt(key, _api.Clock.Now + RetryDelay);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
