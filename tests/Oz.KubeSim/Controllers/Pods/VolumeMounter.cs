namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// The kubelet's volume manager for one pod: its ephemeral claims are created, and the mount waits
/// (FailedMount Events, with backoff) until every required Secret and ConfigMap volume exists.
/// </summary>
internal sealed class VolumeMounter(ResourceApi api, EventRecorder events, PodStatusWriter status)
{
    private readonly EphemeralVolumeClaims _claims = new(api);
    private readonly ReferencedObjects _references = new(api.Store);

    public async Task MountAsync(StoredObject created, JsonObject pod, PodOutcome? podOutcome, CancellationToken ct)
    {
        _claims.Create(created, pod);
        var backoff = TimeSpan.FromSeconds(2);
        while (true)
        {
            var failure = MountFailure(created, pod, podOutcome);
            if (failure is null)
            {
                return;
            }

            events.Warning(status.Current(created), "FailedMount", failure, "kubelet");
            await api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
        }
    }

    /// <summary>Why the pod's volumes cannot be mounted now (a scripted failure, a missing Secret or ConfigMap), or null.</summary>
    private string? MountFailure(StoredObject created, JsonObject pod, PodOutcome? podOutcome)
    {
        if (podOutcome?.Kind == OutcomeKind.FailedMount)
        {
            var volume = PodSpec.Volumes(pod).Select(v => JsonPath.GetString(v, "name")).FirstOrDefault() ?? "workspace";
            return podOutcome.Message ?? $"MountVolume.SetUp failed for volume \"{volume}\" : kubesim: scripted mount failure";
        }

        foreach (var volume in PodSpec.Volumes(pod))
        {
            var missing = _references.Missing(created.Namespace, volume["secret"], BuiltInResources.Secrets, "secretName")
                ?? _references.Missing(created.Namespace, volume["configMap"], BuiltInResources.ConfigMaps);
            if (missing is not null)
            {
                return $"MountVolume.SetUp failed for volume \"{JsonPath.GetString(volume, "name")}\" : {missing}";
            }
        }

        return null;
    }
}
