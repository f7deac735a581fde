namespace Oz.KubeSim.Controllers.Jobs;

/// <summary>
/// Writes a Job's status subresource as the Job controller of 1.31 does, with its delayed terminal
/// conditions: FailureTarget (or SuccessCriteriaMet) at once, Failed (or Complete) only once no pod
/// of the Job is left running or terminating.
/// </summary>
internal sealed class JobStatusWriter(ResourceApi api, EventRecorder events)
{
    /// <summary>
    /// The Job has failed: FailureTarget at once, Failed too when no pod is left running or terminating
    /// (else once they are gone, see <see cref="FinishFailing"/>).
    /// </summary>
    public void Fail(StoredObject stored, JsonObject job, JsonObject next, string reason, string message, int remainingPods, DateTimeOffset now)
    {
        next["active"] = 0;
        next["ready"] = 0;
        var target = Condition("FailureTarget", reason, message, now);
        next["conditions"] = remainingPods > 0 ? new JsonArray(target) : new JsonArray(target, Condition("Failed", reason, message, now));
        Write(stored, job, next);
        events.Warning(stored, reason, message, "job-controller");
    }

    public void FinishFailing(StoredObject stored, JsonObject job, JsonObject next, JsonObject target, int remainingPods, DateTimeOffset now)
    {
        next["active"] = 0;
        next["ready"] = 0;
        var conditions = new JsonArray(target.DeepClone());
        if (remainingPods == 0)
        {
            conditions.Add(Condition("Failed", JsonPath.GetString(target, "reason") ?? "", JsonPath.GetString(target, "message") ?? "", now));
        }

        next["conditions"] = conditions;
        Write(stored, job, next);
    }

    /// <summary>Stores <paramref name="next"/> as the Job's status unless nothing changed; conditions not set are kept.</summary>
    public void Write(StoredObject stored, JsonObject job, JsonObject next)
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
        api.Update(BuiltInResources.Jobs, stored.Namespace, stored.Name, job, RequestContext.Controller("job-controller"), "status");
    }

    public static JsonObject Condition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = JsonPath.Timestamp(now),
        ["lastTransitionTime"] = JsonPath.Timestamp(now),
        ["reason"] = reason,
        ["message"] = message,
    };
}
