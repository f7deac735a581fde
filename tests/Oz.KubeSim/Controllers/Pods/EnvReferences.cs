namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The Secrets and ConfigMaps a container's env and envFrom reference, checked as the kubelet checks them before it creates the container.</summary>
internal sealed class EnvReferences(ObjectStore store)
{
    /// <summary>Why the container cannot be created (a required Secret, ConfigMap or key is missing), or null.</summary>
    public string? Missing(string ns, JsonObject container)
    {
        foreach (var from in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (from["secretRef"] is JsonObject s && JsonPath.GetBool(s, "optional") != true && store.Get(BuiltInResources.Secrets, ns, JsonPath.GetString(s, "name") ?? "") is null)
            {
                return $"secret \"{JsonPath.GetString(s, "name")}\" not found";
            }

            if (from["configMapRef"] is JsonObject c && JsonPath.GetBool(c, "optional") != true && store.Get(BuiltInResources.ConfigMaps, ns, JsonPath.GetString(c, "name") ?? "") is null)
            {
                return $"configmap \"{JsonPath.GetString(c, "name")}\" not found";
            }
        }

        foreach (var env in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (JsonPath.Get(env, "valueFrom.secretKeyRef") is JsonObject s && JsonPath.GetBool(s, "optional") != true)
            {
                var secret = store.Get(BuiltInResources.Secrets, ns, JsonPath.GetString(s, "name") ?? "");
                if (secret is null)
                {
                    return $"secret \"{JsonPath.GetString(s, "name")}\" not found";
                }

                var key = JsonPath.GetString(s, "key") ?? "";
                var obj = secret.ToJsonObject();
                if (JsonPath.Get(obj, "data") is not JsonObject data || !data.ContainsKey(key))
                {
                    if (JsonPath.Get(obj, "stringData") is not JsonObject sd || !sd.ContainsKey(key))
                    {
                        return $"couldn't find key {key} in Secret {ns}/{JsonPath.GetString(s, "name")}";
                    }
                }
            }

            if (JsonPath.Get(env, "valueFrom.configMapKeyRef") is JsonObject c && JsonPath.GetBool(c, "optional") != true
                && store.Get(BuiltInResources.ConfigMaps, ns, JsonPath.GetString(c, "name") ?? "") is null)
            {
                return $"configmap \"{JsonPath.GetString(c, "name")}\" not found";
            }
        }

        return null;
    }
}
