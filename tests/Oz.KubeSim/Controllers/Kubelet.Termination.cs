using System.Collections.Concurrent;
using Oz.KubeSim.Controllers.Pods;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// The kubelet's side of a graceful pod deletion. The pod's containers get SIGTERM; the simulated
/// processes, like a shell or sleep running as PID 1, do not handle it, so they run on until the
/// grace period ends and are killed (exit code 137). A pod with no running container stops at once.
/// The pod ends Failed, then the kubelet deletes it for good (gracePeriodSeconds 0).
/// </summary>
public sealed partial class Kubelet
{
    private readonly ConcurrentDictionary<string, byte> _terminating = new(StringComparer.Ordinal);

    private static bool IsTerminating(StoredObject pod) =>
        pod.ToJsonObject()["metadata"]?["deletionTimestamp"] is not null;

    private void StartTermination(StoredObject pod)
    {
        if (!_terminating.TryAdd(pod.Uid, 0))
        {
            return;
        }

        if (_running.TryRemove(pod.Uid, out var run))
        {
            // The run ends on its token; its own cleanup no longer finds (or disposes) the source.
            run.Cancel();
        }

        var stop = _stop.Token;
        Track(Task.Run(() => TerminateAsync(pod, stop)));
    }

    private async Task TerminateAsync(StoredObject pod, CancellationToken ct)
    {
        try
        {
            var current = _status.Current(pod).ToJsonObject();
            var running = RunningContainers(current).ToList();
            if (running.Count > 0 && JsonPath.GetString(current, "metadata.deletionTimestamp") is { } until)
            {
                await _api.Clock.WaitUntilAsync(DateTimeOffset.Parse(until, CultureInfo.InvariantCulture), ct);
            }

            var stopped = _status.Mutate(pod, p =>
            {
                foreach (var status in RunningContainers(p).ToList())
                {
                    var name = JsonPath.GetString(status, "name")!;
                    var container = new JsonObject { ["name"] = name, ["image"] = JsonPath.GetString(status, "image") };
                    PodStatusWriter.SetContainerStatus(p, name, init: false, ContainerStatuses.Terminated(container, 137, "Error", JsonPath.GetString(status, "state.running.startedAt"), _api.Clock.Now));
                }

                if (JsonPath.GetString(p, "status.phase") is not ("Succeeded" or "Failed"))
                {
                    p["status"]!["phase"] = "Failed";
                }

                _status.SetCondition(p, "Ready", "False", "PodFailed", null);
                _status.SetCondition(p, "ContainersReady", "False", "PodFailed", null);
                _status.SetCondition(p, "PodReadyToStartContainers", "False", null, null);
            });
            _events.Normal(stopped, "Killing", $"Stopping container {string.Join(", ", running.Select(r => JsonPath.GetString(r, "name")))}", "kubelet");
            _api.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions(null, pod.Uid) { GracePeriodSeconds = 0 }, RequestContext.Controller("kubelet"));
        }
        catch (Exception e) when (e is OperationCanceledException or PodGoneException or ApiException)
        {
            // Stopped with the kubelet, or the pod is already gone (force-deleted): nothing left to do.
        }
        finally
        {
            _terminating.TryRemove(pod.Uid, out _);
        }
    }

    private static IEnumerable<JsonObject> RunningContainers(JsonObject pod) =>
        (JsonPath.Get(pod, "status.containerStatuses") as JsonArray)?.OfType<JsonObject>().Where(s => JsonPath.Get(s, "state.running") is not null) ?? [];
}
