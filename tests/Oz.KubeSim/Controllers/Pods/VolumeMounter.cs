namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// The kubelet's volume manager for one pod: its ephemeral claims are created, and the mount waits
/// (FailedMount Events, with backoff) until every required Secret and ConfigMap volume exists.
/// </summary>
internal sealed class VolumeMounter(ResourceApi api, EventRecorder events, PodStatusWriter status)
{
    private readonly EphemeralVolumeClaims _claims = new(api);

    public async Task MountAsync(StoredObject created, JsonObject pod, PodOutcome? podOutcome, CancellationToken ct)
    {
        _claims.Create(created, pod);
        var backoff = TimeSpan.FromSeconds(2);
        while (true)
        {
            string? failure = null;
            if (podOutcome?.Kind == OutcomeKind.FailedMount)
            {
                var volume = PodSpec.Volumes(pod).Select(v => JsonPath.GetString(v, "name")).FirstOrDefault() ?? "workspace";
                failure = podOutcome.Message ?? $"MountVolume.SetUp failed for volume \"{volume}\" : kubesim: scripted mount failure";
            }
            else
            {
                foreach (var volume in PodSpec.Volumes(pod))
                {
                    var name = JsonPath.GetString(volume, "name");
                    if (volume["secret"] is JsonObject secret && JsonPath.GetBool(secret, "optional") != true
                        && api.Store.Get(BuiltInResources.Secrets, created.Namespace, JsonPath.GetString(secret, "secretName") ?? "") is null)
                    {
                        failure = $"MountVolume.SetUp failed for volume \"{name}\" : secret \"{JsonPath.GetString(secret, "secretName")}\" not found";
                        break;
                    }

                    if (volume["configMap"] is JsonObject cm && JsonPath.GetBool(cm, "optional") != true
                        && api.Store.Get(BuiltInResources.ConfigMaps, created.Namespace, JsonPath.GetString(cm, "name") ?? "") is null)
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

            events.Warning(status.Current(created), "FailedMount", failure, "kubelet");
            await api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
        }
    }
}
