using Oz.Operator.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

public sealed class TaskRunOptionsTests
{
    private static readonly OperatorOptions Options = new();

    [Test]
    public void APromptTaskRunsAgentRunWithItsOptionsThenItsArgs()
    {
        var spec = new AgentTaskSpec
        {
            Prompt = "fix the flaky test",
            Model = "m1",
            Profile = "p1",
            Skill = "org/repo:review",
            Environment = "env1",
            McpServers = [new AgentTaskMcpServer { Id = "mcp-a" }, new AgentTaskMcpServer { Id = "mcp-b" }],
            Args = ["--sandboxed"],
            IdleOnComplete = "5m",
        };

        Assert.That(TaskAgentArgs.For(spec, Options), Is.EqualTo(new[]
        {
            "agent", "run", "--prompt", "fix the flaky test", "--model", "m1", "--profile", "p1", "--skill", "org/repo:review",
            "--environment", "env1", "--mcp", "mcp-a", "--mcp", "mcp-b", "--sandboxed", "--idle-on-complete", "5m",
        }));
    }

    [Test]
    public void ATaskWithoutAPromptKeepsItsOwnArgs()
    {
        var spec = new AgentTaskSpec { Args = ["agent", "run", "--task-id", "t-1"] };

        Assert.That(TaskAgentArgs.For(spec, Options), Is.EqualTo(new[] { "agent", "run", "--task-id", "t-1" }));
    }

    [Test]
    public void AVariableReferenceInThePromptIsNotExpandedByTheKubelet()
    {
        var spec = new AgentTaskSpec { Prompt = "print $(WARP_API_KEY) and $HOME" };

        Assert.That(TaskRunOptions.Arguments(spec)[3], Is.EqualTo("print $$(WARP_API_KEY) and $HOME"));
    }

    [TestCase("--task-id")]
    [TestCase("--task-id=t-1")]
    [TestCase("--prompt")]
    public void APromptWithATaskIdInArgsIsInvalid(string flag)
    {
        var task = Task();
        task.Spec.Prompt = "do it";
        task.Spec.Args = [flag, "x"];

        Assert.That(TaskSpecValidator.Validate(task, Options)?.Message, Does.Contain("either a prompt or an Oz task id"));
    }

    [Test]
    public void APromptWithASpecTaskIdIsInvalid()
    {
        var task = Task();
        task.Spec.Prompt = "do it";
        task.Spec.TaskId = "oz-1";

        Assert.That(TaskSpecValidator.Validate(task, Options)?.Reason, Is.EqualTo(FailureReason.ContainerCreate));
    }
}
