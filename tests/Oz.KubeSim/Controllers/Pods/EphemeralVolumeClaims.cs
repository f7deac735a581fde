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
                api.Create(BuiltInResources.PersistentVolumeClaims, created.Namespace, claim, RequestContext.Controller("ephemeral-volume-controller"));
            }
            catch (ApiException)
            {
                // Created meanwhile, or refused: the mount waits as the kubelet would.
            }
        }
    }
}
