using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks;

/// <summary>
/// The MCP server configuration of an Oz task (often holding tokens) travels in the task's env
/// Secret under <see cref="SecretKey"/>, never in args: the task container sees it as the file
/// <see cref="Path"/>, and the agent gets <c>--mcp</c> with that path. So it is in no AgentTask
/// or Job spec and on no process command line.
/// </summary>
public static class McpServersFile
{
    public const string SecretKey = "OZ_MCP_SERVERS";
    public const string Directory = "/var/run/secrets/oz.warp.dev/mcp";
    public const string FileName = "servers.json";
    public const string Path = Directory + "/" + FileName;
    public const string Volume = "oz-mcp";

    /// <summary>Suffix of the env Secret the Oz bridge creates for an AgentTask (owned by it).</summary>
    public const string EnvSecretSuffix = "-env";

    /// <summary>Whether the task's args point the agent at the file (then its env Secret holds it).</summary>
    public static bool IsUsedBy(AgentTask task)
    {
        var args = task.Spec?.Args ?? [];
        return !string.IsNullOrEmpty(task.Spec?.TaskId)
            && args.Zip(args.Skip(1)).Any(pair => pair.First == "--mcp" && pair.Second == Path);
    }

    /// <summary>The volume with only the MCP key of the task's own env Secret.</summary>
    public static V1Volume VolumeFor(AgentTask task) => new()
    {
        Name = Volume,
        Secret = new V1SecretVolumeSource
        {
            SecretName = (task.Metadata?.Name ?? "") + EnvSecretSuffix,
            Items = [new V1KeyToPath { Key = SecretKey, Path = FileName }],
        },
    };

    public static V1VolumeMount Mount() => new() { Name = Volume, MountPath = Directory, ReadOnlyProperty = true };
}
