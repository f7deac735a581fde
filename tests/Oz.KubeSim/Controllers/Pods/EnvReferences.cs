namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The Secrets and ConfigMaps a container's env and envFrom reference, checked as the kubelet checks them before it creates the container.</summary>
internal sealed class EnvReferences(ObjectStore store)
{
    private readonly ReferencedObjects _references = new(store);

    /// <summary>Why the container cannot be created (a required Secret, ConfigMap or key is missing), or null.</summary>
    public string? Missing(string ns, JsonObject container)
    {
        foreach (var from in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if ((_references.Missing(ns, from["secretRef"], BuiltInResources.Secrets) ?? _references.Missing(ns, from["configMapRef"], BuiltInResources.ConfigMaps)) is { } missing)
            {
                return missing;
            }
        }

        foreach (var env in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (JsonPath.Get(env, "valueFrom.secretKeyRef") is JsonObject secretKey && JsonPath.GetBool(secretKey, "optional") != true
                && (_references.Missing(ns, secretKey, BuiltInResources.Secrets) ?? MissingKey(ns, secretKey)) is { } noSecret)
            {
                return noSecret;
            }

            if (_references.Missing(ns, JsonPath.Get(env, "valueFrom.configMapKeyRef"), BuiltInResources.ConfigMaps) is { } noConfigMap)
            {
                return noConfigMap;
            }
        }

        return null;
    }

    /// <summary>The referenced key is not in the (existing) Secret.</summary>
    private string? MissingKey(string ns, JsonObject secretKey)
    {
        var name = JsonPath.GetString(secretKey, "name");
        var key = JsonPath.GetString(secretKey, "key") ?? "";
        var obj = store.Get(BuiltInResources.Secrets, ns, name ?? "")!.ToJsonObject();
        // The API server merged any stringData into data on write: data holds every key.
        return JsonPath.Get(obj, "data") is JsonObject data && data.ContainsKey(key) ? null : $"couldn't find key {key} in Secret {ns}/{name}";
    }
}
