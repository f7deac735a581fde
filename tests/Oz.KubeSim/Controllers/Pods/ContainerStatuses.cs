namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The container status entries a kubelet reports: waiting, running and terminated, worded as the real one.</summary>
internal static class ContainerStatuses
{
    /// <summary>The status of a main or init container of the pod, by name.</summary>
    public static JsonObject? Find(JsonObject pod, string name) =>
        new[] { "containerStatuses", "initContainerStatuses" }
            .SelectMany(list => (JsonPath.Get(pod, $"status.{list}") as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(s => JsonPath.GetString(s, "name") == name);

    public static string? StartedAt(JsonObject pod, string name) =>
        JsonPath.GetString(Find(pod, name), "state.running.startedAt");

    public static JsonObject Waiting(JsonObject container, string reason, string? message)
    {
        var status = Base(container);
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        status["state"] = new JsonObject { ["waiting"] = waiting };
        return status;
    }

    public static JsonObject Running(JsonObject container, DateTimeOffset startedAt, bool init)
    {
        var status = Base(container);
        status["ready"] = !init;
        status["started"] = true;
        status["imageID"] = ImageId(container);
        status["containerID"] = $"containerd://{Guid.NewGuid():N}";
        status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = JsonPath.Timestamp(startedAt) } };
        return status;
    }

    /// <summary>A terminated container; <paramref name="startedAt"/> is a time, a timestamp already written, or null for now.</summary>
    public static JsonObject Terminated(JsonObject container, int exitCode, string reason, object? startedAt, DateTimeOffset now)
    {
        var status = Base(container);
        status["ready"] = false;
        status["imageID"] = ImageId(container);
        status["containerID"] = $"containerd://{Guid.NewGuid():N}";
        status["state"] = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = exitCode,
                ["reason"] = reason,
                ["startedAt"] = startedAt switch
                {
                    DateTimeOffset d => JsonPath.Timestamp(d),
                    string s => s,
                    _ => JsonPath.Timestamp(now),
                },
                ["finishedAt"] = JsonPath.Timestamp(now),
                ["containerID"] = status["containerID"]!.GetValue<string>(),
            },
        };
        return status;
    }

    private static JsonObject Base(JsonObject container) => new()
    {
        ["name"] = JsonPath.GetString(container, "name"),
        ["image"] = JsonPath.GetString(container, "image"),
        ["imageID"] = "",
        ["ready"] = false,
        ["restartCount"] = 0,
        ["started"] = false,
    };

    private static string ImageId(JsonObject container) =>
        $"docker.io/library/{JsonPath.GetString(container, "image")}@sha256:{new string('0', 64)}";
}
