namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The Secrets and ConfigMaps a pod references (volumes, env, envFrom); one not marked optional must exist before the kubelet goes on.</summary>
internal sealed class ReferencedObjects(ObjectStore store)
{
    /// <summary>
    /// Why a required reference cannot be served, worded as the kubelet does (<c>secret "x" not found</c>),
    /// or null when there is no reference, it is optional, or the object exists.
    /// </summary>
    public string? Missing(string ns, JsonNode? reference, ResourceType type, string nameField = "name")
    {
        if (reference is not JsonObject obj || JsonPath.GetBool(obj, "optional") == true)
        {
            return null;
        }

        var name = JsonPath.GetString(obj, nameField);
        return store.Get(type, ns, name ?? "") is null ? $"{(type == BuiltInResources.Secrets ? "secret" : "configmap")} \"{name}\" not found" : null;
    }
}
