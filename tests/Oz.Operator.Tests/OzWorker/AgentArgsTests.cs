using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Every flag rule of the agent's arguments (the Oz worker protocol, "The agent in the task pod").</summary>
public sealed class AgentArgsTests
{
    private const string Root = "https://app.test";

    private static readonly string[] Prefix = ["agent", "run", "--task-id", "t-1", "--sandboxed", "--server-root-url", Root];

    public sealed record ArgsCase(string Name, TaskAssignment Assignment, string? OperatorIdle, string[] ExpectedAfterPrefix)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<ArgsCase> Cases =>
    [
        new("bare snapshot: computer use on for the oz harness", With(new AgentConfigSnapshot()), null, ["--computer-use", "--idle-on-complete"]),
        new("no snapshot", new TaskAssignment { TaskId = "t-1", Task = new OzTask { Id = "t-1" } }, null, ["--idle-on-complete"]),
        new("team owner shares with the team", With(null, new TaskOwner { Type = "TEAM", Id = "9" }), null, ["--share", "team:edit", "--idle-on-complete"]),
        new("user owner does not share", With(null, new TaskOwner { Type = "USER", Id = "9" }), null, ["--idle-on-complete"]),
        new("model for the default harness", With(new AgentConfigSnapshot { ModelId = "m-1" }), null, ["--model", "m-1", "--computer-use", "--idle-on-complete"]),
        new("model for the oz harness", With(new AgentConfigSnapshot { ModelId = "m-1", Harness = new HarnessConfig { Type = "oz" } }), null, ["--model", "m-1", "--computer-use", "--harness", "oz", "--idle-on-complete"]),
        new("no model and no computer use for another harness", With(new AgentConfigSnapshot { ModelId = "m-1", Harness = new HarnessConfig { Type = "claude" } }), null, ["--no-computer-use", "--harness", "claude", "--idle-on-complete"]),
        new("blank model skipped", With(new AgentConfigSnapshot { ModelId = "  " }), null, ["--computer-use", "--idle-on-complete"]),
        new("profile", With(new AgentConfigSnapshot { ProfileId = "p-1" }), null, ["--profile", "p-1", "--computer-use", "--idle-on-complete"]),
        new("skill", With(new AgentConfigSnapshot { SkillSpec = "repo:skill" }), null, ["--skill", "repo:skill", "--computer-use", "--idle-on-complete"]),
        new("mcp as the path of the file from the env Secret, never the JSON", With(new AgentConfigSnapshot { McpServers = Json("""{ "gh": { "url": "https://mcp" } }""") }), null, ["--mcp", "/var/run/secrets/oz.warp.dev/mcp/servers.json", "--computer-use", "--idle-on-complete"]),
        new("empty mcp skipped", With(new AgentConfigSnapshot { McpServers = Json("{}") }), null, ["--computer-use", "--idle-on-complete"]),
        new("computer use on", With(new AgentConfigSnapshot { ComputerUseEnabled = true }), null, ["--computer-use", "--idle-on-complete"]),
        new("computer use explicitly on for another harness", With(new AgentConfigSnapshot { ComputerUseEnabled = true, Harness = new HarnessConfig { Type = "claude" } }), null, ["--computer-use", "--harness", "claude", "--idle-on-complete"]),
        new("bedrock role and region", With(new AgentConfigSnapshot { InferenceProviders = new InferenceProviders { Aws = new AwsInferenceProvider { RoleArn = " arn:aws:iam::1:role/r ", Region = "us-west-2" } } }), null, ["--computer-use", "--bedrock-inference-role", "arn:aws:iam::1:role/r", "--bedrock-role-region", "us-west-2", "--idle-on-complete"]),
        new("bedrock role without region", With(new AgentConfigSnapshot { InferenceProviders = new InferenceProviders { Aws = new AwsInferenceProvider { RoleArn = "arn:r" } } }), null, ["--computer-use", "--bedrock-inference-role", "arn:r", "--idle-on-complete"]),
        new("bedrock disabled", With(new AgentConfigSnapshot { InferenceProviders = new InferenceProviders { Aws = new AwsInferenceProvider { Disabled = true, RoleArn = "arn:r", Region = "eu-west-1" } } }), null, ["--computer-use", "--idle-on-complete"]),
        new("bedrock region without role", With(new AgentConfigSnapshot { InferenceProviders = new InferenceProviders { Aws = new AwsInferenceProvider { RoleArn = " ", Region = "eu-west-1" } } }), null, ["--computer-use", "--idle-on-complete"]),
        new("computer use off", With(new AgentConfigSnapshot { ComputerUseEnabled = false }), null, ["--no-computer-use", "--idle-on-complete"]),
        new("public view", With(new AgentConfigSnapshot { SessionSharing = new SessionSharing { PublicAccess = "VIEWER" } }), null, ["--computer-use", "--share", "public:view", "--idle-on-complete"]),
        new("public edit", With(new AgentConfigSnapshot { SessionSharing = new SessionSharing { PublicAccess = "EDITOR" } }), null, ["--computer-use", "--share", "public:edit", "--idle-on-complete"]),
        new("unsupported access level skipped", With(new AgentConfigSnapshot { SessionSharing = new SessionSharing { PublicAccess = "FULL" } }), null, ["--computer-use", "--idle-on-complete"]),
        new("no snapshot upload", With(new AgentConfigSnapshot { SnapshotDisabled = true }), null, ["--computer-use", "--no-snapshot", "--idle-on-complete"]),
        new("snapshot enabled adds nothing", With(new AgentConfigSnapshot { SnapshotDisabled = false }), null, ["--computer-use", "--idle-on-complete"]),
        new("snapshot timeouts in seconds", With(new AgentConfigSnapshot { SnapshotUploadTimeoutSecs = 90, SnapshotScriptTimeoutSecs = 45 }), null, ["--computer-use", "--snapshot-upload-timeout", "90s", "--snapshot-script-timeout", "45s", "--idle-on-complete"]),
        new("non-positive timeouts skipped", With(new AgentConfigSnapshot { SnapshotUploadTimeoutSecs = 0, SnapshotScriptTimeoutSecs = -1 }), null, ["--computer-use", "--idle-on-complete"]),
        new("environment", With(new AgentConfigSnapshot { EnvironmentId = "env-1" }), null, ["--computer-use", "--environment", "env-1", "--idle-on-complete"]),
        new("task idle timeout wins", With(new AgentConfigSnapshot { IdleTimeoutMinutes = 15 }), "30m", ["--computer-use", "--idle-on-complete", "15m"]),
        new("operator idle setting", With(new AgentConfigSnapshot()), "30m", ["--computer-use", "--idle-on-complete", "30m"]),
        new("non-positive task idle falls back", With(new AgentConfigSnapshot { IdleTimeoutMinutes = 0 }), "20m", ["--computer-use", "--idle-on-complete", "20m"]),
        new("additional args before idle", With(new AgentConfigSnapshot()) with { AdditionalOzArgs = ["--skip-initial-turn"] }, null, ["--computer-use", "--skip-initial-turn", "--idle-on-complete"]),
        new(
            "everything in protocol order",
            With(
                new AgentConfigSnapshot
                {
                    EnvironmentId = "env-1",
                    ModelId = "m-1",
                    ProfileId = "p-1",
                    SkillSpec = "s",
                    McpServers = Json("""{"a":1}"""),
                    ComputerUseEnabled = true,
                    IdleTimeoutMinutes = 5,
                    Harness = new HarnessConfig { Type = "oz" },
                    SessionSharing = new SessionSharing { PublicAccess = "EDITOR" },
                    SnapshotDisabled = true,
                    SnapshotUploadTimeoutSecs = 1,
                    SnapshotScriptTimeoutSecs = 2,
                },
                new TaskOwner { Type = "TEAM" }) with { AdditionalOzArgs = ["--x"] },
            "9m",
            [
                "--share", "team:edit", "--model", "m-1", "--profile", "p-1", "--skill", "s", "--mcp", McpServersFile.Path,
                "--computer-use", "--harness", "oz", "--share", "public:edit", "--no-snapshot",
                "--snapshot-upload-timeout", "1s", "--snapshot-script-timeout", "2s", "--environment", "env-1",
                "--x", "--idle-on-complete", "5m",
            ]),
    ];

    [TestCaseSource(nameof(Cases))]
    public void ArgumentsFollowTheProtocolRules(ArgsCase c)
    {
        var args = AgentArgs.Build(c.Assignment, Root, c.OperatorIdle);

        Assert.That(args, Is.EqualTo(Prefix.Concat(c.ExpectedAfterPrefix)));
    }

    private static TaskAssignment With(AgentConfigSnapshot? snapshot, TaskOwner? owner = null) => new()
    {
        TaskId = "t-1",
        Task = new OzTask { Id = "t-1", AgentConfigSnapshot = snapshot, Owner = owner },
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
