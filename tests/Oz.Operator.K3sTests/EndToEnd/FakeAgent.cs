
namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>
/// A stand-in for the Oz agent made of public images only, so K3s can pull it: busybox is copied
/// into /agent as the agent sidecar (read-write), and the operator's setup command writes an
/// /agent/entrypoint.sh that runs the task's args as a command. The task container runs
/// `/bin/sh /agent/entrypoint.sh ARGS` (JobBuilder), so args `sh -c 'exit 3'` exit with 3.
/// </summary>
public static class FakeAgent
{
    public const string Image = "busybox:1.36";

    /// <summary>Run by the setup init container, which has the task container's mounts.</summary>
    public const string SetupCommand = """printf '%s\n' 'exec "$@"' > /agent/entrypoint.sh""";

    public static AgentTask Task(string name, string shellCommand, string image = Image) => new()
    {
        Metadata = new k8s.Models.V1ObjectMeta { Name = name },
        Spec = new AgentTaskSpec
        {
            Title = name,
            Image = image,
            Sidecars = [new AgentTaskSidecar { Image = Image, MountPath = "/agent", ReadWrite = true }],
            Args = ["sh", "-c", shellCommand],
        },
    };
}
