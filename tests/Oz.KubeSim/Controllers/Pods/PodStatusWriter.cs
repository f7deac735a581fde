namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// How the kubelet writes a pod: straight into the store (it owns pod status and binding), always
/// to the pod it started with — a pod deleted or replaced under the same name ends the run.
/// </summary>
internal sealed class PodStatusWriter(ResourceApi api)
{
    /// <summary>The pod as stored now; <see cref="PodGoneException"/> when it is gone.</summary>
    public StoredObject Current(StoredObject created) =>
        api.Store.Get(BuiltInResources.Pods, created.Namespace, created.Name) is { } current && current.Uid == created.Uid ? current : throw new PodGoneException();

    /// <summary>Changes the stored pod directly (the kubelet owns pod status and binding).</summary>
    public StoredObject Mutate(StoredObject created, Action<JsonObject> change) =>
        api.Store.Write(s =>
        {
            var current = s.Get(BuiltInResources.Pods, created.Namespace, created.Name);
            if (current is null || current.Uid != created.Uid)
            {
                throw new PodGoneException();
            }

            var obj = current.ToJsonObject();
            change(obj);
            return s.Put(BuiltInResources.Pods, obj);
        });

    public static void SetContainerStatus(JsonObject pod, string name, bool init, JsonObject containerStatus)
    {
        var listName = init ? "initContainerStatuses" : "containerStatuses";
        var status = JsonPath.Ensure(pod, "status");
        if (status[listName] is not JsonArray list)
        {
            list = [];
            status[listName] = list;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (JsonPath.GetString(list[i], "name") == name)
            {
                list[i] = containerStatus;
                return;
            }
        }

        list.Add(containerStatus);
    }

    /// <summary>Sets a pod condition; its lastTransitionTime moves only when its status changes.</summary>
    public void SetCondition(JsonObject pod, string type, string status, string? reason, string? message)
    {
        var podStatus = JsonPath.Ensure(pod, "status");
        if (podStatus["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            podStatus["conditions"] = conditions;
        }

        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonPath.GetString(c, "type") == type);
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = type };
            conditions.Add(condition);
        }

        if (JsonPath.GetString(condition, "status") != status)
        {
            condition["lastTransitionTime"] = JsonPath.Timestamp(api.Clock.Now);
        }

        condition["status"] = status;
        condition["lastProbeTime"] = null;
        SetOrRemove(condition, "reason", reason);
        SetOrRemove(condition, "message", message);
    }

    private static void SetOrRemove(JsonObject condition, string key, string? value)
    {
        if (value is null)
        {
            condition.Remove(key);
        }
        else
        {
            condition[key] = value;
        }
    }
}
