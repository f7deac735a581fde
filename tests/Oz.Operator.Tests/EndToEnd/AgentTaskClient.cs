namespace Oz.Operator.Tests.EndToEnd;

/// <summary>AgentTask reads and writes through a real Kubernetes client, as every end-to-end harness makes them.</summary>
internal static class AgentTaskClient
{
    /// <summary>A plain task: <paramref name="image"/> and nothing else.</summary>
    public static AgentTask NewTask(string ns, string name, string image = "ubuntu:22.04", IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = labels }, Spec = new AgentTaskSpec { Image = image } };

    public static async Task<AgentTask> CreateAgentTaskAsync(this IKubernetes client, AgentTask task)
    {
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, task.Metadata.NamespaceProperty, AgentTask.Plural);
        return task;
    }

    /// <summary>The task as the API server holds it; null when there is none.</summary>
    public static async Task<AgentTask?> GetAgentTaskAsync(this IKubernetes client, string ns, string name)
    {
        try
        {
            var result = await client.CustomObjects.GetNamespacedCustomObjectAsync(AgentTask.Group, AgentTask.Version, ns, AgentTask.Plural, name);
            return KubernetesJson.Deserialize<AgentTask>(KubernetesJson.Serialize(result));
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
