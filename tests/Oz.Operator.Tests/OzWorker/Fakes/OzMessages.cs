namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>Server → worker messages as JSON, easy to bend into malformed variants.</summary>
public static class OzMessages
{
    public const string SidecarImage = "warp/agent-sidecar:1";

    public static JsonObject AssignmentData(string taskId, string? executionId = null, Action<JsonObject>? change = null)
    {
        var data = new JsonObject
        {
            ["task_id"] = taskId,
            ["execution_id"] = executionId ?? "",
            ["task"] = new JsonObject
            {
                ["id"] = taskId,
                ["title"] = $"Title of {taskId}",
                ["task_definition"] = new JsonObject { ["prompt"] = "do the thing" },
                ["created_at"] = "2026-11-23T09:00:00Z",
                ["updated_at"] = "2026-11-23T09:00:01Z",
                ["owner"] = new JsonObject { ["type"] = "USER", ["id"] = 42 },
                ["agent_config_snapshot"] = new JsonObject { ["model_id"] = "m-1" },
            },
            ["docker_image"] = "ghcr.io/acme/env:1",
            ["sidecar_image"] = SidecarImage,
            ["env_vars"] = new JsonObject { ["GITHUB_TOKEN"] = "ghp-secret-token", ["WARP_TASK_TOKEN"] = "tok-123" },
            ["additional_sidecars"] = new JsonArray(),
            ["additional_oz_args"] = new JsonArray(),
            ["instance_shape"] = new JsonObject { ["vcpus"] = 2, ["memory_gb"] = 4 },
        };
        change?.Invoke(data);
        return data;
    }

    public static string Assignment(string taskId, string? executionId = null, Action<JsonObject>? change = null) =>
        Envelope("task_assignment", AssignmentData(taskId, executionId, change));

    public static string Cancellation(string taskId) => Envelope("task_cancellation", new JsonObject { ["task_id"] = taskId });

    public static string Envelope(string type, JsonNode? data) =>
        new JsonObject { ["type"] = type, ["data"] = data }.ToJsonString();
}
