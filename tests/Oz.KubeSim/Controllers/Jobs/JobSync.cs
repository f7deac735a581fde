namespace Oz.KubeSim.Controllers.Jobs;

/// <summary>
/// One sync of one Job, level-triggered from what is stored: counts its pods, replaces a failed pod
/// (with the pod-failure backoff) until backoffLimit, enforces activeDeadlineSeconds, completes or
/// fails the Job, and deletes it ttlSecondsAfterFinished after it finished.
/// </summary>
internal sealed class JobSync(ResourceApi api, EventRecorder events, Action<string, DateTimeOffset> enqueueAt)
{
    private readonly FailedPodTally _failedPods = new();
    private readonly JobPodControl _pods = new(api, events);
    private readonly JobStatusWriter _status = new(api, events);

    public void Sync(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var name = key[(slash + 1)..];
        var stored = api.Store.Get(BuiltInResources.Jobs, ns, name);
        if (stored is null)
        {
            return;
        }

        var job = stored.ToJsonObject();
        if (JsonPath.Get(job, "metadata.deletionTimestamp") is not null)
        {
            return;
        }

        var now = api.Clock.Now;
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

        var pods = api.Store.Dependents(stored.Uid).Where(p => p.Type == BuiltInResources.Pods).ToList();
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
            _pods.Delete(active);
            _status.FinishFailing(stored, job, next, target, podStates.Terminating.Count + active.Count, now);
            return;
        }

        var completions = JsonPath.GetLong(job, "spec.completions") ?? 1;
        var backoffLimit = JsonPath.GetLong(job, "spec.backoffLimit") ?? 6;
        var deadline = JsonPath.GetLong(job, "spec.activeDeadlineSeconds");
        if (succeeded >= completions)
        {
            _pods.Delete(active);
            Complete(stored, job, next, conditions, podStates.Terminating.Count + active.Count, now);
            return;
        }

        if (deadline is { } seconds && now >= startTime.AddSeconds(seconds))
        {
            _pods.Delete(active);
            _status.Fail(stored, job, next, "DeadlineExceeded", "Job was active longer than specified deadline", podStates.Terminating.Count + active.Count, now);
            return;
        }

        if (failed > backoffLimit)
        {
            _pods.Delete(active);
            _status.Fail(stored, job, next, "BackoffLimitExceeded", "Job has reached the specified backoff limit", podStates.Terminating.Count + active.Count, now);
            return;
        }

        if (deadline is { } s)
        {
            enqueueAt(key, startTime.AddSeconds(s));
        }

        if (active.Count == 0)
        {
            var retryAt = failed > 0 ? LastFinish(pods) + TimeSpan.FromSeconds(10 * Math.Pow(2, failed - 1)) : now;
            if (retryAt > now)
            {
                enqueueAt(key, retryAt);
            }
            else if (_pods.Create(stored, job))
            {
                next["active"] = 1;
            }
            else
            {
                enqueueAt(key, now + TimeSpan.FromSeconds(10));
            }
        }

        _status.Write(stored, job, next);
    }

    /// <summary>
    /// As the Job controller of 1.31 (delayed terminal conditions): SuccessCriteriaMet at once,
    /// Complete (and completionTime) only when no pod of the Job is still terminating.
    /// </summary>
    private void Complete(StoredObject stored, JsonObject job, JsonObject next, JsonArray conditions, int remainingPods, DateTimeOffset now)
    {
        next["active"] = 0;
        next["ready"] = 0;
        var met = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") == "SuccessCriteriaMet")?.DeepClone()
            ?? JobStatusWriter.Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now);
        if (remainingPods > 0)
        {
            next["conditions"] = new JsonArray(met);
            _status.Write(stored, job, next);
            return;
        }

        next["completionTime"] = JsonPath.Timestamp(now);
        next["conditions"] = new JsonArray(met, JobStatusWriter.Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
        _status.Write(stored, job, next);
        events.Normal(stored, "Completed", "Job completed", "job-controller");
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
                api.Delete(BuiltInResources.Jobs, stored.Namespace, stored.Name, new DeleteOptions("Foreground", stored.Uid), RequestContext.Controller("ttl-after-finished-controller"));
            }
            catch (ApiException)
            {
            }
        }
        else
        {
            enqueueAt(stored.Key, at);
        }
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
}
