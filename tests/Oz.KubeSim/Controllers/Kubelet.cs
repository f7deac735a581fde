using System.Collections.Concurrent;
using Oz.KubeSim.Controllers.Pods;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// Scheduler plus kubelet of one node: binds each new pod, then drives it through the scripted
/// outcome on the simulated clock — image pulls, mounts, init containers, running, termination —
/// writing pod status and Events as the real components word them, and keeping container logs.
/// This type watches pods and owns their runs; the steps of a run are in <see cref="PodLifecycle"/>.
/// </summary>
public sealed partial class Kubelet : IAsyncDisposable
{
    public const string NodeName = "kubesim-node";

    /// <summary>Simulated time before a pod whose run failed unexpectedly is run again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly ResourceApi _api;
    private readonly EventRecorder _events;
    private readonly PodStatusWriter _status;
    private readonly ContainerLogs _logs = new();
    private readonly PodLifecycle _lifecycle;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _podTasks = new();
    private readonly Watcher _watcher;
    private readonly Task _loop;
    private IReadOnlyDictionary<string, string> _allocatable = new Dictionary<string, string> { ["cpu"] = "8", ["memory"] = "32Gi" };

    public Kubelet(ResourceApi api, EventRecorder events, OutcomeScripts scripts, TimeSpan defaultDuration)
    {
        _api = api;
        _events = events;
        _status = new PodStatusWriter(api);
        var runtime = new ContainerRuntime(api, events, _status, _logs, () => StepDelay);
        _lifecycle = new PodLifecycle(
            api,
            events,
            scripts,
            _status,
            new PodScheduler(api, events, _status, () => Allocatable),
            new VolumeMounter(api, events, _status),
            runtime,
            defaultDuration,
            () => StepDelay);
        _watcher = api.Store.Watch(BuiltInResources.Pods, null, _ => true, null, false, unbounded: true)!;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// The node's allocatable cpu and memory pods are scheduled against (by their requests); setting
    /// it also shows it in the Node's status.allocatable and status.capacity, as a kubelet reports them.
    /// </summary>
    public IReadOnlyDictionary<string, string> Allocatable
    {
        get => _allocatable;
        set
        {
            _allocatable = value;
            SimulatedNode.ShowResources(_api, value);
        }
    }

    /// <summary>Simulated time between lifecycle steps (scheduling, pulling, starting).</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The log of a container (the first main container when <paramref name="container"/> is null).</summary>
    public string GetLog(StoredObject pod, string? container) => _logs.Get(pod, container);

    /// <summary>Stops every pod run (their tokens are linked to the kubelet's) and waits for them, then releases the kubelet.</summary>
    public async ValueTask DisposeAsync()
    {
        // Cancelling _stop cancels each pod's linked source; cancelling those one by one here raced
        // with pods finishing and disposing their own source (ObjectDisposedException).
        await _stop.CancelAsync();
        _api.Store.Close(_watcher);
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        // RunPodSafelyAsync ends on cancellation; waiting for it means no pod writes after dispose.
        await Task.WhenAll(_podTasks.Keys);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        await foreach (var evt in ReadAll())
        {
            var pod = evt.Object!;
            if (evt.Type == WatchEventType.Deleted)
            {
                if (_running.TryRemove(pod.Uid, out var cts))
                {
                    await cts.CancelAsync();
                }

                continue;
            }

            if (evt.Type != WatchEventType.Deleted && IsTerminating(pod))
            {
                StartTermination(pod);
                continue;
            }

            if (evt.Type == WatchEventType.Added && !pod.Fields.ContainsKey("spec.nodeName") && pod.Fields.GetValueOrDefault("status.phase") is "Pending" or null)
            {
                var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                _running[pod.Uid] = cts;
                Track(Task.Run(() => RunPodSafelyAsync(pod, cts.Token)));
            }
        }
    }

    /// <summary>Keeps a pod's task until it ends, so that dispose can wait for it.</summary>
    private void Track(Task podTask)
    {
        _podTasks.TryAdd(podTask, 0);
        _ = podTask.ContinueWith(t => _podTasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async IAsyncEnumerable<WatchEvent> ReadAll()
    {
        foreach (var evt in _watcher.Initial)
        {
            yield return evt;
        }

        while (true)
        {
            try
            {
                if (!await _watcher.Reader.WaitToReadAsync(_stop.Token))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            while (_watcher.Reader.TryRead(out var evt))
            {
                yield return evt;
            }
        }
    }

    private async Task RunPodSafelyAsync(StoredObject pod, CancellationToken ct)
    {
        try
        {
            while (!await TryRunPodAsync(pod, ct))
            {
                // Like the kubelet's pod workers, an unexpected sync failure is retried later from
                // the pod as it is stored now, instead of leaving the pod stuck and faulting dispose.
                await _api.Clock.DelayAsync(RetryDelay, ct);
                pod = _status.Current(pod);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (PodGoneException)
        {
        }
        finally
        {
            if (_running.TryRemove(pod.Uid, out var cts))
            {
                cts.Dispose();
            }
        }
    }

    /// <summary>One run of the pod; false when it failed unexpectedly and should be retried.</summary>
    private async Task<bool> TryRunPodAsync(StoredObject pod, CancellationToken ct)
    {
        try
        {
            await _lifecycle.RunAsync(pod, ct);
        }
        catch (ApiException)
        {
            // The API refused a write the run needed (its namespace is going away): the run ends, as
            // a kubelet gives up on a pod it can no longer report on.
        }
        catch (Exception e) when (e is not OperationCanceledException and not PodGoneException)
        {
            return false;
        }

        return true;
    }
}
