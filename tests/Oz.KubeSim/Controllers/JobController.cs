using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// The Job controller: one pod per Job at a time (restartPolicy Never; a failed pod is replaced
/// until backoffLimit), Job status and conditions (SuccessCriteriaMet, then Complete once no pod is
/// terminating; FailureTarget, then Failed
/// with BackoffLimitExceeded or DeadlineExceeded), activeDeadlineSeconds, ttlSecondsAfterFinished,
/// and the Events SuccessfulCreate, FailedCreate, Completed, DeadlineExceeded, BackoffLimitExceeded.
/// Pods are created through the API, so admission (Pod Security) applies to them.
/// </summary>
public sealed class JobController : IAsyncDisposable
{
    private readonly ResourceApi _api;
    private readonly EventRecorder _events;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _timers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Watcher _jobs;
    private readonly Watcher _pods;
    private readonly Task[] _loops;
    private readonly FailedPodTally _failedPods = new();

    /// <summary>Simulated time before a Job whose sync failed unexpectedly is synced again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public JobController(ResourceApi api, EventRecorder events)
    {
        _api = api;
        _events = events;
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

    private string? JobKeyOfPod(WatchEvent evt)
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
                    Sync(key);
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

    private void Sync(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var stored = _api.Store.Get(BuiltInResources.Jobs, ns, name);
        if (stored is null)
        {
            return;
        }

        var job = stored.ToJsonObject();
        if (JsonPath.Get(job, "metadata.deletionTimestamp") is not null)
        {
            return;
        }

        var now = _api.Clock.Now;
        var status = job["status"] as JsonObject ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        var finished = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") is "Complete" or "Failed" && JsonPath.GetString(c, "status") == "True");
        if (finished is not null)
        {
            HandleTtl(stored, job, finished, now);
            return;
        }

        if (JsonPath.GetBool(job, "spec.suspend") == true)
        {
            return;
        }

        var pods = _api.Store.Dependents(stored.Uid).Where(p => p.Type == BuiltInResources.Pods).ToList();
        var podStates = JobPods.Classify(pods);
        var active = podStates.Active;
        var succeeded = pods.Count(p => p.Fields.GetValueOrDefault("status.phase") == "Succeeded");
        var failed = _failedPods.Count(stored.Uid, podStates.Failed) + (int)(JsonPath.GetLong(status, "failedRemoved") ?? 0);
        var startTime = JsonPath.GetString(status, "startTime") is { } st ? DateTimeOffset.Parse(st, CultureInfo.InvariantCulture) : now;
        var next = new JsonObject
        {
            ["startTime"] = JsonPath.Timestamp(startTime),
            ["active"] = active.Count,
            ["ready"] = active.Count(IsReady),
            ["terminating"] = podStates.Terminating.Count,
            ["uncountedTerminatedPods"] = new JsonObject(),
        };
        if (succeeded > 0)
        {
            next["succeeded"] = succeeded;
        }

        if (failed > 0)
        {
            next["failed"] = failed;
        }

        if (conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") == "FailureTarget" && JsonPath.GetString(c, "status") == "True") is { } target)
        {
            // Failing already: the Failed condition waits until no pod of the Job is left running or terminating.
            DeletePods(active);
            FinishFailing(stored, job, next, target, podStates.Terminating.Count + active.Count, now);
            return;
        }

        var completions = JsonPath.GetLong(job, "spec.completions") ?? 1;
        var backoffLimit = JsonPath.GetLong(job, "spec.backoffLimit") ?? 6;
        var deadline = JsonPath.GetLong(job, "spec.activeDeadlineSeconds");
        if (succeeded >= completions)
        {
            // As the Job controller of 1.31 (delayed terminal conditions): SuccessCriteriaMet at
            // once, Complete (and completionTime) only when no pod of the Job is still terminating.
            DeletePods(active);
            next["active"] = 0;
            next["ready"] = 0;
            var met = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") == "SuccessCriteriaMet")?.DeepClone()
                ?? Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now);
            var remaining = podStates.Terminating.Count + active.Count;
            if (remaining > 0)
            {
                next["conditions"] = new JsonArray(met);
                WriteStatus(stored, job, next);
                return;
            }

            next["completionTime"] = JsonPath.Timestamp(now);
            next["conditions"] = new JsonArray(met, Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
            WriteStatus(stored, job, next);
            _events.Normal(stored, "Completed", "Job completed", "job-controller");
            return;
        }

        if (deadline is { } seconds && now >= startTime.AddSeconds(seconds))
        {
            DeletePods(active);
            Fail(stored, job, next, "DeadlineExceeded", "Job was active longer than specified deadline", podStates.Terminating.Count + active.Count, now);
            return;
        }

        if (failed > backoffLimit)
        {
            DeletePods(active);
            Fail(stored, job, next, "BackoffLimitExceeded", "Job has reached the specified backoff limit", podStates.Terminating.Count + active.Count, now);
            return;
        }

        if (deadline is { } s)
        {
            EnqueueAt(key, startTime.AddSeconds(s));
        }

        if (active.Count == 0)
        {
            var retryAt = failed > 0 ? LastFinish(pods) + TimeSpan.FromSeconds(10 * Math.Pow(2, failed - 1)) : now;
            if (retryAt > now)
            {
                EnqueueAt(key, retryAt);
            }
            else if (CreatePod(stored, job, now))
            {
                next["active"] = 1;
            }
            else
            {
                EnqueueAt(key, now + TimeSpan.FromSeconds(10));
            }
        }

        WriteStatus(stored, job, next);
    }

    private void HandleTtl(StoredObject stored, JsonObject job, JsonObject finished, DateTimeOffset now)
    {
        if (JsonPath.GetLong(job, "spec.ttlSecondsAfterFinished") is not { } ttl)
        {
            return;
        }

        var at = DateTimeOffset.Parse(JsonPath.GetString(finished, "lastTransitionTime") ?? JsonPath.Timestamp(now), CultureInfo.InvariantCulture).AddSeconds(ttl);
        if (now >= at)
        {
            try
            {
                _api.Delete(BuiltInResources.Jobs, stored.Namespace, stored.Name, new DeleteOptions("Foreground", stored.Uid), RequestContext.Controller("ttl-after-finished-controller"));
            }
            catch (ApiException)
            {
            }
        }
        else
        {
            EnqueueAt(stored.Key, at);
        }
    }

    /// <summary>
    /// The Job has failed: FailureTarget at once, Failed too when no pod is left running or terminating
    /// (else once they are gone, see <see cref="FinishFailing"/>), as the Job controller of 1.31 does.
    /// </summary>
    private void Fail(StoredObject stored, JsonObject job, JsonObject next, string reason, string message, int remainingPods, DateTimeOffset now)
    {
        next["active"] = 0;
        next["ready"] = 0;
        var target = Condition("FailureTarget", reason, message, now);
        next["conditions"] = remainingPods > 0 ? new JsonArray(target) : new JsonArray(target, Condition("Failed", reason, message, now));
        WriteStatus(stored, job, next);
        _events.Warning(stored, reason, message, "job-controller");
    }

    private void FinishFailing(StoredObject stored, JsonObject job, JsonObject next, JsonObject target, int remainingPods, DateTimeOffset now)
    {
        next["active"] = 0;
        next["ready"] = 0;
        var conditions = new JsonArray(target.DeepClone());
        if (remainingPods == 0)
        {
            conditions.Add(Condition("Failed", JsonPath.GetString(target, "reason") ?? "", JsonPath.GetString(target, "message") ?? "", now));
        }

        next["conditions"] = conditions;
        WriteStatus(stored, job, next);
    }

    private bool CreatePod(StoredObject stored, JsonObject job, DateTimeOffset now)
    {
        var template = JsonPath.Get(job, "spec.template") as JsonObject ?? [];
        var meta = (JsonPath.Get(template, "metadata") as JsonObject)?.DeepClone() as JsonObject ?? [];
        meta.Remove("name");
        meta["generateName"] = stored.Name + "-";
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["name"] = stored.Name,
            ["uid"] = stored.Uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone(),
        };
        try
        {
            var created = _api.Create(BuiltInResources.Pods, stored.Namespace, pod, RequestContext.Controller("job-controller"));
            _events.Normal(stored, "SuccessfulCreate", $"Created pod: {created.Stored!.Name}", "job-controller");
            return true;
        }
        catch (ApiException e)
        {
            _events.Warning(stored, "FailedCreate", $"Error creating: {e.Message}", "job-controller");
            return false;
        }
    }

    private void DeletePods(IEnumerable<StoredObject> pods)
    {
        foreach (var pod in pods)
        {
            try
            {
                _api.Delete(BuiltInResources.Pods, pod.Namespace, pod.Name, new DeleteOptions("Background", pod.Uid), RequestContext.Controller("job-controller"));
            }
            catch (ApiException)
            {
            }
        }
    }

    private void WriteStatus(StoredObject stored, JsonObject job, JsonObject next)
    {
        if (job["status"] is JsonObject old && JsonPath.Get(old, "conditions") is JsonArray oldConditions && next["conditions"] is null)
        {
            next["conditions"] = oldConditions.DeepClone();
        }

        if (JsonNode.DeepEquals(job["status"], next))
        {
            return;
        }

        job["status"] = next;
        _api.Update(BuiltInResources.Jobs, stored.Namespace, stored.Name, job, RequestContext.Controller("job-controller"), "status");
    }

    private static DateTimeOffset LastFinish(IEnumerable<StoredObject> pods)
    {
        var last = DateTimeOffset.MinValue;
        foreach (var pod in pods.Where(p => p.Fields.GetValueOrDefault("status.phase") == "Failed"))
        {
            foreach (var status in (JsonPath.Get(pod.ToJsonObject(), "status.containerStatuses") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (JsonPath.GetString(status, "state.terminated.finishedAt") is { } at && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, out var t) && t > last)
                {
                    last = t;
                }
            }
        }

        return last == DateTimeOffset.MinValue ? DateTimeOffset.UtcNow : last;
    }

    private static bool IsReady(StoredObject pod) =>
        (JsonPath.Get(pod.ToJsonObject(), "status.conditions") as JsonArray)?.OfType<JsonObject>()
            .Any(c => JsonPath.GetString(c, "type") == "Ready" && JsonPath.GetString(c, "status") == "True") == true;

    private static JsonObject Condition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = JsonPath.Timestamp(now),
        ["lastTransitionTime"] = JsonPath.Timestamp(now),
        ["reason"] = reason,
        ["message"] = message,
    };
}
