namespace Oz.KubeSim.Controllers.Jobs;

/// <summary>
/// A Job's pods as the Job controller sees them (podReplacementPolicy TerminatingOrFailed, no pod
/// failure policy): active pods are neither finished nor being deleted; a pod being deleted that
/// has not finished is terminating and already counts as failed (a deleted running pod — eviction,
/// drain, kubectl delete — is a failed attempt, so it is replaced at once or ends the Job).
/// </summary>
internal sealed record JobPods(List<StoredObject> Active, List<StoredObject> Terminating, List<StoredObject> Failed)
{
    public static JobPods Classify(IEnumerable<StoredObject> pods)
    {
        var result = new JobPods([], [], []);
        foreach (var pod in pods)
        {
            var phase = pod.Fields.GetValueOrDefault("status.phase");
            var deleting = pod.ToJsonObject()["metadata"]?["deletionTimestamp"] is not null;
            if (phase == "Failed" || (deleting && phase != "Succeeded"))
            {
                result.Failed.Add(pod);
            }

            if (deleting && phase is not ("Succeeded" or "Failed"))
            {
                result.Terminating.Add(pod);
            }
            else if (!deleting && phase is not ("Succeeded" or "Failed"))
            {
                result.Active.Add(pod);
            }
        }

        return result;
    }
}

/// <summary>
/// The failed pods of each Job, kept after the pods are gone (the real controller tracks them with
/// its job-tracking finalizer), so a failed attempt still counts once its pod has been deleted.
/// </summary>
internal sealed class FailedPodTally
{
    private readonly Dictionary<string, HashSet<string>> _failed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count(string jobUid, IEnumerable<StoredObject> failedNow)
    {
        lock (_gate)
        {
            if (!_failed.TryGetValue(jobUid, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                _failed[jobUid] = set;
            }

            set.UnionWith(failedNow.Select(p => p.Uid));
            return set.Count;
        }
    }
}
