namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>The repository's real AgentTask CRD (config/crd), installed into the cluster under test.</summary>
public static class AgentTaskCrd
{
    public const string Group = "oz.warp.dev";
    public const string CrdVersion = "v1alpha1";
    public const string Plural = "agenttasks";

    /// <summary>Creates the CRD from config/crd/oz.warp.dev_agenttasks.yaml if needed and waits until it serves.</summary>
    public static async Task EnsureAsync(IKubernetes client)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "config", "crd", "oz.warp.dev_agenttasks.yaml")));
        await CrdInstaller.EnsureServedAsync(client, crd, Group, CrdVersion, Plural);
    }

    /// <summary>A valid AgentTask with the Oz agent sidecar at /agent.</summary>
    public static JsonObject NewTask(string name, string? taskId = null)
    {
        var spec = new JsonObject
        {
            ["title"] = "contract",
            ["sidecars"] = new JsonArray(new JsonObject { ["image"] = "docker.io/warpdotdev/oz-agent:latest", ["mountPath"] = "/agent" }),
        };
        if (taskId is not null)
        {
            spec["taskId"] = taskId;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{CrdVersion}",
            ["kind"] = "AgentTask",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }
}
