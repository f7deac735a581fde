namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// What the ephemeral volume controller does for a generic ephemeral volume: the claim
/// &lt;pod&gt;-&lt;volume&gt; from the template, owned by the pod (so it is deleted with it).
/// </summary>
internal sealed class EphemeralVolumeClaims(ResourceApi api)
{
    public void Create(StoredObject created, JsonObject pod)
    {
        foreach (var volume in PodSpec.Volumes(pod))
        {
            if (JsonPath.Get(volume, "ephemeral.volumeClaimTemplate") is not JsonObject template)
            {
                continue;
            }

            var name = $"{created.Name}-{JsonPath.GetString(volume, "name")}";
            if (api.Store.Get(BuiltInResources.PersistentVolumeClaims, created.Namespace, name) is not null)
            {
                continue;
            }

            var claim = ControlledObjects.FromTemplate("PersistentVolumeClaim", template, "v1", "Pod", created, meta => meta["name"] = name);
            try
            {
                api.Create(BuiltInResources.PersistentVolumeClaims, created.Namespace, claim, RequestContext.Controller("ephemeral-volume-controller"));
            }
            catch (ApiException)
            {
                // Created meanwhile, or refused: the mount waits as the kubelet would.
            }
        }
    }
}
