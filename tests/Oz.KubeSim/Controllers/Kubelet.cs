using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// Scheduler plus kubelet of one node: binds each new pod, then drives it through the scripted
/// outcome on the simulated clock — image pulls, mounts, init containers, running, termination —
/// writing pod status and Events as the real components word them, and keeping container logs.
/// </summary>
public sealed partial class Kubelet : IAsyncDisposable
{
    public const string NodeName = "kubesim-node";

    private readonly ResourceApi _api;
    private readonly EventRecorder _events;
    private readonly OutcomeScripts _scripts;
    private readonly TimeSpan _defaultDuration;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _podTasks = new();
    private readonly Watcher _watcher;
    private readonly Task _loop;
    private int _nextIp = 2;

    public Kubelet(ResourceApi api, EventRecorder events, OutcomeScripts scripts, TimeSpan defaultDuration)
    {
        _api = api;
        _events = events;
        _scripts = scripts;
        _defaultDuration = defaultDuration;
        _watcher = api.Store.Watch(BuiltInResources.Pods, null, _ => true, null, false, unbounded: true)!;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Simulated time before a pod whose run failed unexpectedly is run again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private IReadOnlyDictionary<string, string> _allocatable = new Dictionary<string, string> { ["cpu"] = "8", ["memory"] = "32Gi" };

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

    private IEnumerable<JsonObject> BoundPods(string exceptUid) =>
        _api.Store.List(BuiltInResources.Pods, null).Items
            .Where(p => p.Uid != exceptUid && p.Fields.ContainsKey("spec.nodeName") && p.Fields.GetValueOrDefault("status.phase") is not ("Succeeded" or "Failed"))
            .Select(p => p.ToJsonObject());

    /// <summary>Simulated time between lifecycle steps (scheduling, pulling, starting).</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The log of a container (the first main container when <paramref name="container"/> is null).</summary>
    public string GetLog(StoredObject pod, string? container)
    {
        var obj = pod.ToJsonObject();
        var containers = (JsonPath.Get(obj, "spec.containers") as JsonArray)?.OfType<JsonObject>().Select(c => JsonPath.GetString(c, "name") ?? "").ToList() ?? [];
        var inits = (JsonPath.Get(obj, "spec.initContainers") as JsonArray)?.OfType<JsonObject>().Select(c => JsonPath.GetString(c, "name") ?? "").ToList() ?? [];
        if (container is null)
        {
            if (containers.Count != 1)
            {
                throw StatusObjects.BadRequest($"a container name must be specified for pod {pod.Name}, choose one of: [{string.Join(' ', containers)}] or one of the init containers: [{string.Join(' ', inits)}]");
            }

            container = containers[0];
        }
        else if (!containers.Contains(container) && !inits.Contains(container))
        {
            throw StatusObjects.BadRequest($"container {container} is not valid for pod {pod.Name}");
        }

        if (_logs.TryGetValue($"{pod.Uid}/{container}", out var log))
        {
            return log;
        }

        var waiting = ContainerStatus(obj, container)?["state"]?["waiting"]?["reason"]?.GetValue<string>() ?? "ContainerCreating";
        throw StatusObjects.BadRequest($"container \"{container}\" in pod \"{pod.Name}\" is waiting to start: {waiting}");
    }

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
                var run = Task.Run(() => RunPodSafelyAsync(pod, cts.Token));
                _podTasks.TryAdd(run, 0);
                _ = run.ContinueWith(t => _podTasks.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
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
                pod = Current(pod);
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
            await RunPodAsync(pod, ct);
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

    /// <summary>
    /// A later pod of the same owner (a Job's replacement pod) runs the outcome of
    /// <c>kubesim.oz/outcome-retry</c> when the pod has it: the simulator's stand-in for a command
    /// that behaves differently when it runs again (a marker file it left on the node).
    /// </summary>
    private JsonObject ForAttempt(StoredObject stored, JsonObject pod)
    {
        if (JsonPath.Get(pod, "metadata.annotations") is not JsonObject annotations
            || annotations[OutcomeScripts.RetryAnnotation] is not JsonValue retry
            || stored.OwnerUids.Count == 0
            || !_api.Store.Dependents(stored.OwnerUids[0]).Any(p => p.Type == BuiltInResources.Pods && p.Uid != stored.Uid))
        {
            return pod;
        }

        annotations[OutcomeScripts.OutcomeAnnotation] = retry.GetValue<string>();
        return pod;
    }

    private async Task RunPodAsync(StoredObject created, CancellationToken ct)
    {
        var pod = ForAttempt(created, created.ToJsonObject());
        var podOutcome = OutcomeScripts.PodLevel(pod);
        var inits = (JsonPath.Get(pod, "spec.initContainers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var mains = (JsonPath.Get(pod, "spec.containers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        await Step(ct);

        // Scheduling.
        var misfit = ResourceFit.Check(pod, BoundPods(created.Uid), Allocatable);
        if (podOutcome?.Kind == OutcomeKind.Unschedulable || misfit is not null)
        {
            var message = podOutcome?.Message ?? misfit ?? "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
            var current = Mutate(created, p => SetCondition(p, "PodScheduled", "False", "Unschedulable", message));
            _events.Warning(current, "FailedScheduling", message, "default-scheduler");
            return;
        }

        var ip = $"10.42.0.{Interlocked.Increment(ref _nextIp) % 250 + 2}";
        var scheduled = Mutate(created, p =>
        {
            p["spec"]!["nodeName"] = NodeName;
            var status = JsonPath.Ensure(p, "status");
            status["hostIP"] = "192.168.0.10";
            status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "192.168.0.10" });
            status["startTime"] = JsonPath.Timestamp(_api.Clock.Now);
            SetCondition(p, "PodReadyToStartContainers", "False", null, null);
            SetCondition(p, "Initialized", inits.Count == 0 ? "True" : "False", inits.Count == 0 ? null : "ContainersNotInitialized", inits.Count == 0 ? null : $"containers with incomplete status: [{string.Join(' ', inits.Select(c => JsonPath.GetString(c, "name")))}]");
            SetCondition(p, "Ready", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', mains.Select(c => JsonPath.GetString(c, "name")))}]");
            SetCondition(p, "ContainersReady", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', mains.Select(c => JsonPath.GetString(c, "name")))}]");
            SetCondition(p, "PodScheduled", "True", null, null);
            status["initContainerStatuses"] = inits.Count == 0 ? null : new JsonArray([.. inits.Select(c => (JsonNode)Waiting(c, "PodInitializing", null, init: true))]);
            if (inits.Count == 0)
            {
                status.Remove("initContainerStatuses");
            }

            status["containerStatuses"] = new JsonArray([.. mains.Select(c => (JsonNode)Waiting(c, inits.Count == 0 ? "ContainerCreating" : "PodInitializing", null, init: false))]);
        });
        _events.Normal(scheduled, "Scheduled", $"Successfully assigned {created.Namespace}/{created.Name} to {NodeName}", "default-scheduler");
        await Step(ct);

        // Volumes.
        await MountVolumesAsync(scheduled, pod, podOutcome, ct);
        Mutate(created, p =>
        {
            SetCondition(p, "PodReadyToStartContainers", "True", null, null);
            p["status"]!["podIP"] = ip;
            p["status"]!["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        });

        // Init containers, one after the other.
        foreach (var init in inits)
        {
            var name = JsonPath.GetString(init, "name")!;
            var outcome = _scripts.Resolve(pod, init, init: true);
            if (!await StartContainerAsync(created, pod, init, outcome, init: true, ct))
            {
                return;
            }

            Mutate(created, p => SetContainerStatus(p, name, true, Running(init, _api.Clock.Now, true)));
            await _api.Clock.DelayAsync(outcome.After ?? StepDelay, ct);
            var exitCode = ExitCodeOf(outcome);
            var finished = Mutate(created, p => SetContainerStatus(p, name, true, Terminated(init, exitCode, ReasonOf(outcome, exitCode), true, ContainerStartedAt(p, name, true))));
            if (exitCode != 0)
            {
                Mutate(created, p =>
                {
                    p["status"]!["phase"] = "Failed";
                    SetCondition(p, "Initialized", "False", "ContainersNotInitialized", $"containers with incomplete status: [{name}]");
                    foreach (var main in mains)
                    {
                        SetContainerStatus(p, JsonPath.GetString(main, "name")!, false, Waiting(main, "PodInitializing", null, false));
                    }
                });
                return;
            }

            _ = finished;
        }

        if (inits.Count > 0)
        {
            Mutate(created, p => SetCondition(p, "Initialized", "True", null, null));
        }

        // Main containers start together.
        var outcomes = mains.ToDictionary(c => JsonPath.GetString(c, "name")!, c => _scripts.Resolve(pod, c, init: false));
        foreach (var main in mains)
        {
            if (!await StartContainerAsync(created, pod, main, outcomes[JsonPath.GetString(main, "name")!], init: false, ct))
            {
                return;
            }
        }

        var started = _api.Clock.Now;
        Mutate(created, p =>
        {
            p["status"]!["phase"] = "Running";
            foreach (var main in mains)
            {
                SetContainerStatus(p, JsonPath.GetString(main, "name")!, false, Running(main, started, false));
            }

            SetCondition(p, "ContainersReady", "True", null, null);
            SetCondition(p, "Ready", "True", null, null);
        });

        if (outcomes.Values.Any(o => o.Kind == OutcomeKind.Hang))
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        var duration = outcomes.Values.Max(o => o.After ?? _defaultDuration);
        await _api.Clock.DelayAsync(duration, ct);
        if (podOutcome?.Kind == OutcomeKind.Evicted)
        {
            var message = podOutcome.Message ?? "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container task was using 900Mi, request is 0, has larger consumption of memory.";
            var evicted = Mutate(created, p =>
            {
                p["status"]!["phase"] = "Failed";
                p["status"]!["reason"] = "Evicted";
                p["status"]!["message"] = message;
                foreach (var main in mains)
                {
                    SetContainerStatus(p, JsonPath.GetString(main, "name")!, false, Terminated(main, 137, "ContainerStatusUnknown", false, started));
                }

                SetCondition(p, "DisruptionTarget", "True", "TerminationByKubelet", message);
                SetCondition(p, "Ready", "False", "PodFailed", null);
                SetCondition(p, "ContainersReady", "False", "PodFailed", null);
            });
            _events.Warning(evicted, "Evicted", message, "kubelet");
            return;
        }

        var anyFailed = false;
        Mutate(created, p =>
        {
            foreach (var main in mains)
            {
                var name = JsonPath.GetString(main, "name")!;
                var outcome = outcomes[name];
                var exitCode = ExitCodeOf(outcome);
                anyFailed |= exitCode != 0;
                SetContainerStatus(p, name, false, Terminated(main, exitCode, ReasonOf(outcome, exitCode), false, started));
            }

            p["status"]!["phase"] = anyFailed ? "Failed" : "Succeeded";
            var reason = anyFailed ? "PodFailed" : "PodCompleted";
            SetCondition(p, "Ready", "False", reason, null);
            SetCondition(p, "ContainersReady", "False", reason, null);
            SetCondition(p, "PodReadyToStartContainers", "False", null, null);
        });
    }

    private async Task MountVolumesAsync(StoredObject created, JsonObject pod, PodOutcome? podOutcome, CancellationToken ct)
    {
        CreateEphemeralClaims(created, pod);
        var backoff = TimeSpan.FromSeconds(2);
        while (true)
        {
            string? failure = null;
            if (podOutcome?.Kind == OutcomeKind.FailedMount)
            {
                var volume = (JsonPath.Get(pod, "spec.volumes") as JsonArray)?.OfType<JsonObject>().Select(v => JsonPath.GetString(v, "name")).FirstOrDefault() ?? "workspace";
                failure = podOutcome.Message ?? $"MountVolume.SetUp failed for volume \"{volume}\" : kubesim: scripted mount failure";
            }
            else
            {
                foreach (var volume in (JsonPath.Get(pod, "spec.volumes") as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    var name = JsonPath.GetString(volume, "name");
                    if (volume["secret"] is JsonObject secret && JsonPath.GetBool(secret, "optional") != true
                        && _api.Store.Get(BuiltInResources.Secrets, created.Namespace, JsonPath.GetString(secret, "secretName") ?? "") is null)
                    {
                        failure = $"MountVolume.SetUp failed for volume \"{name}\" : secret \"{JsonPath.GetString(secret, "secretName")}\" not found";
                        break;
                    }

                    if (volume["configMap"] is JsonObject cm && JsonPath.GetBool(cm, "optional") != true
                        && _api.Store.Get(BuiltInResources.ConfigMaps, created.Namespace, JsonPath.GetString(cm, "name") ?? "") is null)
                    {
                        failure = $"MountVolume.SetUp failed for volume \"{name}\" : configmap \"{JsonPath.GetString(cm, "name")}\" not found";
                        break;
                    }
                }
            }

            if (failure is null)
            {
                return;
            }

            _events.Warning(Current(created), "FailedMount", failure, "kubelet");
            await _api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
        }
    }

    /// <summary>
    /// What the ephemeral volume controller does for a generic ephemeral volume: the claim
    /// &lt;pod&gt;-&lt;volume&gt; from the template, owned by the pod (so it is deleted with it).
    /// </summary>
    private void CreateEphemeralClaims(StoredObject created, JsonObject pod)
    {
        foreach (var volume in (JsonPath.Get(pod, "spec.volumes") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (JsonPath.Get(volume, "ephemeral.volumeClaimTemplate") is not JsonObject template)
            {
                continue;
            }

            var name = $"{created.Name}-{JsonPath.GetString(volume, "name")}";
            if (_api.Store.Get(BuiltInResources.PersistentVolumeClaims, created.Namespace, name) is not null)
            {
                continue;
            }

            var meta = (template["metadata"] as JsonObject)?.DeepClone() as JsonObject ?? [];
            meta["name"] = name;
            meta["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Pod",
                ["name"] = created.Name,
                ["uid"] = created.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
            var claim = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = meta,
                ["spec"] = template["spec"]?.DeepClone(),
            };
            try
            {
                _api.Create(BuiltInResources.PersistentVolumeClaims, created.Namespace, claim, RequestContext.Controller("ephemeral-volume-controller"));
            }
            catch (ApiException)
            {
                // Created meanwhile, or refused: the mount below waits as the kubelet would.
            }
        }
    }

    /// <summary>Pulls the image and creates the container; false when the pod is stuck (pull or config errors).</summary>
    private async Task<bool> StartContainerAsync(StoredObject created, JsonObject pod, JsonObject container, PodOutcome outcome, bool init, CancellationToken ct)
    {
        var name = JsonPath.GetString(container, "name")!;
        var image = JsonPath.GetString(container, "image") ?? "";
        var fieldPath = init ? $"spec.initContainers{{{name}}}" : $"spec.containers{{{name}}}";
        if (outcome.Kind == OutcomeKind.InvalidImageName || !ImageReferenceRegex().IsMatch(image))
        {
            var message = $"Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format";
            var stuck = Mutate(created, p => SetContainerStatus(p, name, init, Waiting(container, "InvalidImageName", message, init)));
            _events.Warning(stuck, "InspectFailed", message, "kubelet", fieldPath);
            _events.Warning(stuck, "Failed", "Error: InvalidImageName", "kubelet", fieldPath);
            return false;
        }

        _events.Normal(Current(created), "Pulling", $"Pulling image \"{image}\"", "kubelet", fieldPath);
        await Step(ct);
        if (outcome.Kind == OutcomeKind.ErrImagePull)
        {
            await PullBackOffLoopAsync(created, container, image, init, fieldPath, outcome, ct);
            return false;
        }

        _events.Normal(Current(created), "Pulled", $"Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 4261574 bytes.", "kubelet", fieldPath);
        var configError = outcome.Kind == OutcomeKind.CreateContainerConfigError ? outcome.Message ?? "kubesim: scripted container config error" : MissingReference(created.Namespace, container);
        var backoff = TimeSpan.FromSeconds(2);
        while (configError is not null)
        {
            var stuck = Mutate(created, p => SetContainerStatus(p, name, init, Waiting(container, "CreateContainerConfigError", configError, init)));
            _events.Warning(stuck, "Failed", $"Error: {configError}", "kubelet", fieldPath);
            await _api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            configError = outcome.Kind == OutcomeKind.CreateContainerConfigError ? configError : MissingReference(created.Namespace, container);
        }

        _logs[$"{created.Uid}/{name}"] = outcome.Log ?? "";
        _events.Normal(Current(created), "Created", $"Created container: {name}", "kubelet", fieldPath);
        _events.Normal(Current(created), "Started", $"Started container {name}", "kubelet", fieldPath);
        return true;
    }

    private async Task PullBackOffLoopAsync(StoredObject created, JsonObject container, string image, bool init, string fieldPath, PodOutcome outcome, CancellationToken ct)
    {
        var name = JsonPath.GetString(container, "name")!;
        var reference = image.Contains('/', StringComparison.Ordinal) ? image : $"docker.io/library/{image}";
        var pullError = outcome.Message ?? $"rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found";
        var backoff = TimeSpan.FromSeconds(10);
        while (true)
        {
            var pulling = Mutate(created, p => SetContainerStatus(p, name, init, Waiting(container, "ErrImagePull", pullError, init)));
            _events.Warning(pulling, "Failed", $"Failed to pull image \"{image}\": {pullError}", "kubelet", fieldPath);
            _events.Warning(pulling, "Failed", "Error: ErrImagePull", "kubelet", fieldPath);
            await Step(ct);
            var backingOff = Mutate(created, p => SetContainerStatus(p, name, init, Waiting(container, "ImagePullBackOff", $"Back-off pulling image \"{image}\": ErrImagePull: {pullError}", init)));
            _events.Normal(backingOff, "BackOff", $"Back-off pulling image \"{image}\"", "kubelet", fieldPath);
            _events.Warning(backingOff, "Failed", "Error: ImagePullBackOff", "kubelet", fieldPath);
            await _api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            _events.Normal(Current(created), "Pulling", $"Pulling image \"{image}\"", "kubelet", fieldPath);
        }
    }

    /// <summary>A Secret or ConfigMap that env/envFrom references and that does not exist (like the kubelet checks).</summary>
    private string? MissingReference(string ns, JsonObject container)
    {
        foreach (var from in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (from["secretRef"] is JsonObject s && JsonPath.GetBool(s, "optional") != true && _api.Store.Get(BuiltInResources.Secrets, ns, JsonPath.GetString(s, "name") ?? "") is null)
            {
                return $"secret \"{JsonPath.GetString(s, "name")}\" not found";
            }

            if (from["configMapRef"] is JsonObject c && JsonPath.GetBool(c, "optional") != true && _api.Store.Get(BuiltInResources.ConfigMaps, ns, JsonPath.GetString(c, "name") ?? "") is null)
            {
                return $"configmap \"{JsonPath.GetString(c, "name")}\" not found";
            }
        }

        foreach (var env in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (JsonPath.Get(env, "valueFrom.secretKeyRef") is JsonObject s && JsonPath.GetBool(s, "optional") != true)
            {
                var secret = _api.Store.Get(BuiltInResources.Secrets, ns, JsonPath.GetString(s, "name") ?? "");
                if (secret is null)
                {
                    return $"secret \"{JsonPath.GetString(s, "name")}\" not found";
                }

                var key = JsonPath.GetString(s, "key") ?? "";
                var obj = secret.ToJsonObject();
                if (JsonPath.Get(obj, "data") is not JsonObject data || !data.ContainsKey(key))
                {
                    if (JsonPath.Get(obj, "stringData") is not JsonObject sd || !sd.ContainsKey(key))
                    {
                        return $"couldn't find key {key} in Secret {ns}/{JsonPath.GetString(s, "name")}";
                    }
                }
            }

            if (JsonPath.Get(env, "valueFrom.configMapKeyRef") is JsonObject c && JsonPath.GetBool(c, "optional") != true
                && _api.Store.Get(BuiltInResources.ConfigMaps, ns, JsonPath.GetString(c, "name") ?? "") is null)
            {
                return $"configmap \"{JsonPath.GetString(c, "name")}\" not found";
            }
        }

        return null;
    }

    private Task Step(CancellationToken ct) => _api.Clock.DelayAsync(StepDelay, ct);

    private StoredObject Current(StoredObject created) =>
        _api.Store.Get(BuiltInResources.Pods, created.Namespace, created.Name) is { } current && current.Uid == created.Uid ? current : throw new PodGoneException();

    /// <summary>Changes the stored pod directly (the kubelet owns pod status and binding).</summary>
    private StoredObject Mutate(StoredObject created, Action<JsonObject> change) =>
        _api.Store.Write(s =>
        {
            var current = s.Get(BuiltInResources.Pods, created.Namespace, created.Name);
            if (current is null || current.Uid != created.Uid)
            {
                throw new PodGoneException();
            }

            var obj = current.ToJsonObject();
            change(obj);
            return s.Put(BuiltInResources.Pods, obj);
        });

    private static int ExitCodeOf(PodOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Exit => outcome.ExitCode,
        OutcomeKind.OomKilled => 137,
        _ => 0,
    };

    private static string ReasonOf(PodOutcome outcome, int exitCode) =>
        outcome.Kind == OutcomeKind.OomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";

    private static JsonObject? ContainerStatus(JsonObject pod, string name) =>
        new[] { "containerStatuses", "initContainerStatuses" }
            .SelectMany(list => (JsonPath.Get(pod, $"status.{list}") as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(s => JsonPath.GetString(s, "name") == name);

    private static string? ContainerStartedAt(JsonObject pod, string name, bool init) =>
        JsonPath.GetString(ContainerStatus(pod, name), "state.running.startedAt");

    private static JsonObject BaseStatus(JsonObject container, bool init) => new()
    {
        ["name"] = JsonPath.GetString(container, "name"),
        ["image"] = JsonPath.GetString(container, "image"),
        ["imageID"] = "",
        ["ready"] = false,
        ["restartCount"] = 0,
        ["started"] = false,
    };

    private static JsonObject Waiting(JsonObject container, string reason, string? message, bool init)
    {
        var status = BaseStatus(container, init);
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        status["state"] = new JsonObject { ["waiting"] = waiting };
        return status;
    }

    private static JsonObject Running(JsonObject container, DateTimeOffset startedAt, bool init)
    {
        var status = BaseStatus(container, init);
        status["ready"] = !init;
        status["started"] = true;
        status["imageID"] = $"docker.io/library/{JsonPath.GetString(container, "image")}@sha256:{new string('0', 64)}";
        status["containerID"] = $"containerd://{Guid.NewGuid():N}";
        status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = JsonPath.Timestamp(startedAt) } };
        return status;
    }

    private JsonObject Terminated(JsonObject container, int exitCode, string reason, bool init, object? startedAt)
    {
        var status = BaseStatus(container, init);
        status["ready"] = false;
        status["imageID"] = $"docker.io/library/{JsonPath.GetString(container, "image")}@sha256:{new string('0', 64)}";
        status["containerID"] = $"containerd://{Guid.NewGuid():N}";
        status["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = exitCode,
                ["reason"] = reason,
                ["startedAt"] = startedAt switch
                {
                    DateTimeOffset d => JsonPath.Timestamp(d),
                    string s => s,
                    _ => JsonPath.Timestamp(_api.Clock.Now),
                },
                ["finishedAt"] = JsonPath.Timestamp(_api.Clock.Now),
                ["containerID"] = status["containerID"]!.GetValue<string>(),
            },
        };
        return status;
    }

    private static void SetContainerStatus(JsonObject pod, string name, bool init, JsonObject containerStatus)
    {
        var listName = init ? "initContainerStatuses" : "containerStatuses";
        var status = JsonPath.Ensure(pod, "status");
        if (status[listName] is not JsonArray list)
        {
            list = [];
            status[listName] = list;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (JsonPath.GetString(list[i], "name") == name)
            {
                list[i] = containerStatus;
                return;
            }
        }

        list.Add(containerStatus);
    }

    private void SetCondition(JsonObject pod, string type, string status, string? reason, string? message)
    {
        var podStatus = JsonPath.Ensure(pod, "status");
        if (podStatus["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            podStatus["conditions"] = conditions;
        }

        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") == type);
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = type };
            conditions.Add(condition);
        }

        if (JsonPath.GetString(condition, "status") != status)
        {
            condition["lastTransitionTime"] = JsonPath.Timestamp(_api.Clock.Now);
        }

        condition["status"] = status;
        condition["lastProbeTime"] = null;
        if (reason is null)
        {
            condition.Remove("reason");
        }
        else
        {
            condition["reason"] = reason;
        }

        if (message is null)
        {
            condition.Remove("message");
        }
        else
        {
            condition["message"] = message;
        }
    }

    /// <summary>A docker image reference (lowercase repository path, optional tag and digest).</summary>
    [GeneratedRegex(@"^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ImageReferenceRegex();

    private sealed class PodGoneException : Exception;
}
