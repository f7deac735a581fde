using System.Text.Json.Nodes;
using k8s;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// The status fields the reconciler owns as a JSON merge patch. Every owned field is written,
/// absent ones as explicit nulls (a merge patch leaves out what it does not mention);
/// reportedToOz is never mentioned: it belongs to the Oz bridge.
/// </summary>
public static class TaskStatusPatch
{
    public static JsonObject OwnedFields(AgentTaskStatus status) => new()
    {
        ["phase"] = Node(status.Phase),
        ["reason"] = Node(status.Reason),
        ["message"] = Node(status.Message),
        ["conditions"] = Node(status.Conditions),
        ["jobName"] = Node(status.JobName),
        ["podName"] = Node(status.PodName),
        ["nodeName"] = Node(status.NodeName),
        ["startTime"] = Node(status.StartTime),
        ["completionTime"] = Node(status.CompletionTime),
        ["duration"] = Node(status.Duration),
        ["exitCode"] = Node(status.ExitCode),
        ["observedGeneration"] = Node(status.ObservedGeneration),
    };

    private static JsonNode? Node<T>(T? value) =>
        value is null ? null : JsonNode.Parse(KubernetesJson.Serialize(value));
}
