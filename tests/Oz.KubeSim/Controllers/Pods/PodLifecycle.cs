namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// One run of a pod on the node, on the simulated clock: scheduling, volume mounts, init containers
/// one after the other, main containers together, then the scripted end (exit codes, OOM, eviction).
/// </summary>
internal sealed class PodLifecycle(
    ResourceApi api,
    EventRecorder events,
    OutcomeScripts scripts,
    PodStatusWriter status,
    PodScheduler scheduler,
    VolumeMounter volumes,
    ContainerRuntime runtime,
    TimeSpan defaultDuration,
    Func<TimeSpan> stepDelay)
{
    private int _nextIp = 2;

    public async Task RunAsync(StoredObject created, CancellationToken ct)
    {
        var pod = ForAttempt(created, created.ToJsonObject());
        var podOutcome = OutcomeScripts.PodLevel(pod);
        var inits = PodSpec.InitContainers(pod);
        var mains = PodSpec.Containers(pod);
        await Step(ct);

        var scheduled = scheduler.Bind(created, pod, podOutcome, inits, mains);
        if (scheduled is null)
        {
            return;
        }

        var ip = $"10.42.0.{Interlocked.Increment(ref _nextIp) % 250 + 2}";
        await Step(ct);

        await volumes.MountAsync(scheduled, pod, podOutcome, ct);
        status.Mutate(created, p =>
        {
            status.SetCondition(p, "PodReadyToStartContainers", "True", null, null);
            p["status"]!["podIP"] = ip;
            p["status"]!["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        });

        if (await RunInitContainersAsync(created, pod, inits, mains, ct))
        {
            await RunMainContainersAsync(created, pod, podOutcome, mains, ct);
        }
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
            || !api.Store.Dependents(stored.OwnerUids[0]).Any(p => p.Type == BuiltInResources.Pods && p.Uid != stored.Uid))
        {
            return pod;
        }

        annotations[OutcomeScripts.OutcomeAnnotation] = retry.GetValue<string>();
        return pod;
    }

    /// <summary>Runs the init containers one after the other; false when one failed or got stuck (the pod goes no further).</summary>
    private async Task<bool> RunInitContainersAsync(StoredObject created, JsonObject pod, List<JsonObject> inits, List<JsonObject> mains, CancellationToken ct)
    {
        foreach (var init in inits)
        {
            var name = PodSpec.Name(init);
            var outcome = scripts.Resolve(pod, init, init: true);
            if (!await runtime.StartAsync(created, init, outcome, init: true, ct))
            {
                return false;
            }

            status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, true, ContainerStatuses.Running(init, api.Clock.Now, true)));
            await api.Clock.DelayAsync(outcome.After ?? stepDelay(), ct);
            var exitCode = ExitCodeOf(outcome);
            status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, true, ContainerStatuses.Terminated(init, exitCode, ReasonOf(outcome, exitCode), ContainerStatuses.StartedAt(p, name), api.Clock.Now)));
            if (exitCode != 0)
            {
                status.Mutate(created, p =>
                {
                    p["status"]!["phase"] = "Failed";
                    status.SetCondition(p, "Initialized", "False", "ContainersNotInitialized", $"containers with incomplete status: [{name}]");
                    foreach (var main in mains)
                    {
                        PodStatusWriter.SetContainerStatus(p, PodSpec.Name(main), false, ContainerStatuses.Waiting(main, "PodInitializing", null));
                    }
                });
                return false;
            }
        }

        if (inits.Count > 0)
        {
            status.Mutate(created, p => status.SetCondition(p, "Initialized", "True", null, null));
        }

        return true;
    }

    /// <summary>Starts the main containers together, runs them for their scripted time, then ends the pod as scripted.</summary>
    private async Task RunMainContainersAsync(StoredObject created, JsonObject pod, PodOutcome? podOutcome, List<JsonObject> mains, CancellationToken ct)
    {
        var outcomes = mains.ToDictionary(PodSpec.Name, c => scripts.Resolve(pod, c, init: false));
        foreach (var main in mains)
        {
            if (!await runtime.StartAsync(created, main, outcomes[PodSpec.Name(main)], init: false, ct))
            {
                return;
            }
        }

        var started = api.Clock.Now;
        status.Mutate(created, p =>
        {
            p["status"]!["phase"] = "Running";
            foreach (var main in mains)
            {
                PodStatusWriter.SetContainerStatus(p, PodSpec.Name(main), false, ContainerStatuses.Running(main, started, false));
            }

            status.SetCondition(p, "ContainersReady", "True", null, null);
            status.SetCondition(p, "Ready", "True", null, null);
        });

        if (outcomes.Values.Any(o => o.Kind == OutcomeKind.Hang))
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        var duration = outcomes.Values.Max(o => o.After ?? defaultDuration);
        await api.Clock.DelayAsync(duration, ct);
        if (podOutcome?.Kind == OutcomeKind.Evicted)
        {
            Evict(created, podOutcome, mains, started);
            return;
        }

        var anyFailed = false;
        status.Mutate(created, p =>
        {
            foreach (var main in mains)
            {
                var name = PodSpec.Name(main);
                var outcome = outcomes[name];
                var exitCode = ExitCodeOf(outcome);
                anyFailed |= exitCode != 0;
                PodStatusWriter.SetContainerStatus(p, name, false, ContainerStatuses.Terminated(main, exitCode, ReasonOf(outcome, exitCode), started, api.Clock.Now));
            }

            p["status"]!["phase"] = anyFailed ? "Failed" : "Succeeded";
            var reason = anyFailed ? "PodFailed" : "PodCompleted";
            status.SetCondition(p, "Ready", "False", reason, null);
            status.SetCondition(p, "ContainersReady", "False", reason, null);
            status.SetCondition(p, "PodReadyToStartContainers", "False", null, null);
        });
    }

    /// <summary>The kubelet evicts the pod under node pressure: its containers are killed and it ends Failed, reason Evicted.</summary>
    private void Evict(StoredObject created, PodOutcome podOutcome, List<JsonObject> mains, DateTimeOffset started)
    {
        var message = podOutcome.Message ?? "The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. Container task was using 900Mi, request is 0, has larger consumption of memory.";
        var evicted = status.Mutate(created, p =>
        {
            p["status"]!["phase"] = "Failed";
            p["status"]!["reason"] = "Evicted";
            p["status"]!["message"] = message;
            foreach (var main in mains)
            {
                PodStatusWriter.SetContainerStatus(p, PodSpec.Name(main), false, ContainerStatuses.Terminated(main, 137, "ContainerStatusUnknown", started, api.Clock.Now));
            }

            status.SetCondition(p, "DisruptionTarget", "True", "TerminationByKubelet", message);
            status.SetCondition(p, "Ready", "False", "PodFailed", null);
            status.SetCondition(p, "ContainersReady", "False", "PodFailed", null);
        });
        events.Warning(evicted, "Evicted", message, "kubelet");
    }

    private Task Step(CancellationToken ct) => api.Clock.DelayAsync(stepDelay(), ct);

    private static int ExitCodeOf(PodOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Exit => outcome.ExitCode,
        OutcomeKind.OomKilled => 137,
        _ => 0,
    };

    private static string ReasonOf(PodOutcome outcome, int exitCode) =>
        outcome.Kind == OutcomeKind.OomKilled ? "OOMKilled" : exitCode == 0 ? "Completed" : "Error";
}
