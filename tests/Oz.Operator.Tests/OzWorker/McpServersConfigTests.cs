using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Tests.Tasks.JobBuilderTests;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// The MCP server configuration of an Oz task (it often holds tokens) travels in the task's env
/// Secret and reaches the agent as a mounted file: never in the AgentTask, the Job or the args.
/// </summary>
public sealed class McpServersConfigTests
{
    private const string McpToken = "ghp-mcp-token-0123456789";
    private const string HeaderToken = "header-token-abcdef0123";
    private const string McpJson =
        "{\"github\":{\"command\":\"npx\",\"args\":[\"-y\",\"@modelcontextprotocol/server-github\"],\"env\":{\"GITHUB_PERSONAL_ACCESS_TOKEN\":\"" + McpToken + "\"},\"headers\":{\"Authorization\":\"Bearer " + HeaderToken + "\"}}}";

    private static readonly OperatorOptions Options = new()
    {
        WorkerId = BridgeHarness.WorkerId,
        Namespace = BridgeHarness.Namespace,
        Oz = new OzOptions { ServerRootUrl = "http://oz.test" },
    };

    private static TaskAssignment Assignment(Dictionary<string, string>? env = null) => new()
    {
        TaskId = "t-mcp",
        ExecutionId = "e-1",
        Task = new OzTask { Id = "t-mcp", AgentConfigSnapshot = new AgentConfigSnapshot { McpServers = JsonDocument.Parse(McpJson).RootElement } },
        DockerImage = "env:1",
        SidecarImage = "sidecar:1",
        EnvVars = env,
    };

    [Test]
    public void TheConfigurationIsInTheEnvSecretAndTheArgsNameOnlyTheFile()
    {
        var mapping = TaskAssignmentMapper.Map(Assignment(new Dictionary<string, string> { ["TOKEN"] = "s3cret" }), Options);

        var args = mapping.Task!.Spec.Args!;
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(mapping.Secret!.Data[McpServersFile.SecretKey]), Is.EqualTo(McpJson));
            Assert.That(args.SkipWhile(a => a != "--mcp").Skip(1).First(), Is.EqualTo(McpServersFile.Path));
            Assert.That(KubernetesJson.Serialize(mapping.Task), Does.Not.Contain(McpToken).And.Not.Contain("server-github"));
        });
    }

    [Test]
    public void AnAssignmentWithMcpServersButNoEnvStillGetsItsEnvSecret()
    {
        var mapping = TaskAssignmentMapper.Map(Assignment(), Options);

        Assert.That(mapping.Secret!.Data.Keys, Is.EqualTo(new[] { McpServersFile.SecretKey }));
        Assert.That(mapping.Task!.Spec.EnvFrom!.Single().SecretRef.Name, Is.EqualTo(mapping.Secret.Metadata.Name));
    }

    [Test]
    public void TheJobMountsOnlyTheMcpKeyOfTheTasksOwnEnvSecretReadOnlyAtThePathTheArgsName()
    {
        var task = TaskAssignmentMapper.Map(Assignment(), Options).Task!;

        var job = JobBuilder.Build(task, Options);

        var pod = job.Spec.Template.Spec;
        var mount = TaskFixtures.TaskContainer(job).VolumeMounts.Single(m => m.MountPath == McpServersFile.Directory);
        var volume = pod.Volumes.Single(v => v.Name == mount.Name);
        Assert.Multiple(() =>
        {
            Assert.That(mount.ReadOnlyProperty, Is.True);
            Assert.That(volume.Secret.SecretName, Is.EqualTo(TaskAssignmentMapper.EnvSecretName(task.Metadata.Name)));
            Assert.That(volume.Secret.Items.Select(i => (i.Key, i.Path)), Is.EqualTo(new[] { (McpServersFile.SecretKey, McpServersFile.FileName) }));
            Assert.That(KubernetesJson.Serialize(job), Does.Not.Contain(McpToken));
        });
    }

    [Test]
    public void AHandMadeTaskWhoseArgsNameTheFileGetsNoSecretMounted()
    {
        var task = TaskFixtures.Minimal();
        task.Spec.Args = ["--mcp", McpServersFile.Path];

        var job = JobBuilder.Build(task, TaskFixtures.Options());

        Assert.That(job.Spec.Template.Spec.Volumes.Where(v => v.Secret is not null), Is.Empty);
    }

    [Test]
    public async Task TheBridgeRegistersTheMcpTokenWithTheRedactorBeforeCreatingTheTask()
    {
        var redactor = new SecretRedactor();
        var (bridge, _) = Bridge(redactor);

        await bridge.HandleAsync(new AssignmentMessage(Assignment()), new NullSender(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(redactor.Redact($"token {McpToken}"), Is.EqualTo($"token {SecretRedactor.Mask}"));
            Assert.That(redactor.Redact(McpJson), Does.Not.Contain(McpToken));
            Assert.That(redactor.Redact("npx -y"), Is.EqualTo("npx -y"), "commands and flags stay readable");
            Assert.That(redactor.Redact($"auth {HeaderToken} failed"), Is.EqualTo($"auth {SecretRedactor.Mask} failed"), "a token after 'Bearer ' alone");
        });
    }

    [Test]
    public async Task ARejectedAssignmentLeavesNoValueWithTheRedactor()
    {
        var redactor = new SecretRedactor();
        var (bridge, cluster) = Bridge(redactor);
        cluster.FailNextSecretCreates(1);

        await bridge.HandleAsync(new AssignmentMessage(Assignment(new Dictionary<string, string> { ["TOKEN"] = "env-secret-value" })), new NullSender(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Get(new ObjectKey(BridgeHarness.Namespace, TaskAssignmentMapper.AgentTaskNameOf(Assignment())!)), Is.Null, "rejected: no AgentTask");
            Assert.That(redactor.Count, Is.Zero);
        });
    }

    private static (OzMessageHandler Bridge, InMemoryAgentTaskStore Cluster) Bridge(SecretRedactor redactor)
    {
        var cluster = new InMemoryAgentTaskStore();
        var metrics = new OzMetrics();
        var bridge = new OzMessageHandler(cluster, cluster, Options, new RejectedTasks(), metrics, NullLogger<OzMessageHandler>.Instance, redactor);
        return (bridge, cluster);
    }

    private sealed class NullSender : IOzSender
    {
        public Task SendAsync(OzOutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
