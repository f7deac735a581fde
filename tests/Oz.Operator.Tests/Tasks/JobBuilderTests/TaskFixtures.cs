namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>AgentTasks and options shared by the JobBuilder tests.</summary>
internal static partial class TaskFixtures
{
    /// <summary>A hand-made task: only a name and namespace.</summary>
    public static AgentTask Minimal(string name = "fix-bug", string ns = "agents") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = "5d1c7f0e-0000-4000-8000-000000000001" },
    };

    /// <summary>A task as the Oz bridge creates it: identity, agent sidecar, args, secret-backed env, shape.</summary>
    public static AgentTask FromOz() => new()
    {
        Metadata = new V1ObjectMeta { Name = "oz-task-abc123", NamespaceProperty = "agents", Uid = "5d1c7f0e-0000-4000-8000-000000000002" },
        Spec = new AgentTaskSpec
        {
            TaskId = "abc123",
            ExecutionId = "exec-1",
            Title = "Fix the bug",
            Image = "node:22",
            Sidecars = [new AgentTaskSidecar { Image = "warpdotdev/oz-agent:1", MountPath = "/agent" }],
            Args = ["agent", "run", "--task-id", "abc123", "--sandboxed"],
            Env =
            [
                new V1EnvVar { Name = "PLAIN", Value = "visible" },
                new V1EnvVar
                {
                    Name = "API_TOKEN",
                    ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "oz-task-abc123-env", Key = "API_TOKEN" } },
                },
            ],
            EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "oz-task-abc123-env" } }],
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") },
            },
        },
    };

    public static OperatorOptions Options() => new() { WorkerId = "worker-1", Namespace = "agents" };

    public static V1Container TaskContainer(V1Job job) => job.Spec.Template.Spec.Containers.Single(c => c.Name == "task");

    public static string? EnvValue(V1Container container, string name) => container.Env?.SingleOrDefault(e => e.Name == name)?.Value;

    public static bool IsValidLabelValue(string value) => value.Length <= 63 && LabelValueRegex().IsMatch(value);

    public static bool IsValidDns1123Label(string value) => value.Length <= 63 && Dns1123LabelRegex().IsMatch(value);

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123LabelRegex();
}
