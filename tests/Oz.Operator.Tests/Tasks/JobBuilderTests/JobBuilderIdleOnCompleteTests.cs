using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderIdleOnCompleteTests
{
    private static readonly string[] BaseArgs = ["agent", "run", "--task-id", "abc123", "--sandboxed"];

    private static IEnumerable<TestCaseData> Cases()
    {
        // spec.args, spec.idleOnComplete, operator idleOnComplete, expected agent args
        yield return new TestCaseData(BaseArgs, "15m", null, new[] { "agent", "run", "--task-id", "abc123", "--sandboxed", "--idle-on-complete", "15m" })
            .SetName("TaskIdleOnCompleteIsAppendedToTheAgentArgs");
        yield return new TestCaseData(BaseArgs, "15m", "30m", new[] { "agent", "run", "--task-id", "abc123", "--sandboxed", "--idle-on-complete", "15m" })
            .SetName("TaskIdleOnCompleteWinsOverTheOperators");
        yield return new TestCaseData(BaseArgs, null, "30m", new[] { "agent", "run", "--task-id", "abc123", "--sandboxed", "--idle-on-complete", "30m" })
            .SetName("OperatorIdleOnCompleteIsTheFallback");
        yield return new TestCaseData(BaseArgs, "  ", "30m", new[] { "agent", "run", "--task-id", "abc123", "--sandboxed", "--idle-on-complete", "30m" })
            .SetName("BlankTaskIdleOnCompleteFallsBackToTheOperators");
        yield return new TestCaseData(BaseArgs, null, null, BaseArgs)
            .SetName("NoIdleOnCompleteAnywhereAddsNoFlag");
        yield return new TestCaseData(new[] { "agent", "run", "--idle-on-complete", "5m" }, "15m", "30m", new[] { "agent", "run", "--idle-on-complete", "5m" })
            .SetName("ArgsThatCarryTheFlagAreLeftAsTheyAre");
        yield return new TestCaseData(new[] { "agent", "run", "--idle-on-complete" }, "15m", "30m", new[] { "agent", "run", "--idle-on-complete" })
            .SetName("ArgsThatCarryTheBareFlagAreLeftAsTheyAre");
        yield return new TestCaseData(new[] { "agent", "run", "--idle-on-complete=5m" }, "15m", null, new[] { "agent", "run", "--idle-on-complete=5m" })
            .SetName("ArgsThatCarryTheFlagWithAnEqualsSignAreLeftAsTheyAre");
        yield return new TestCaseData(null, "15m", null, new[] { "--idle-on-complete", "15m" })
            .SetName("TaskWithoutArgsGetsOnlyTheFlag");
    }

    [TestCaseSource(nameof(Cases))]
    public void IdleOnCompleteIsPassedToTheAgentOnce(string[]? args, string? taskIdle, string? operatorIdle, string[] expected)
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Args = args is null ? null : [.. args];
        task.Spec.IdleOnComplete = taskIdle;

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, TaskFixtures.Options() with { IdleOnComplete = operatorIdle }));

        Assert.That(container.Command.Skip(4), Is.EqualTo(expected));
    }

    [Test]
    public void TaskArgsAreNotChangedWhenTheFlagIsAppended()
    {
        var task = TaskFixtures.FromOz();
        task.Spec.IdleOnComplete = "15m";

        JobBuilder.Build(task, TaskFixtures.Options());

        Assert.That(task.Spec.Args, Is.EqualTo(BaseArgs));
    }

    private static IEnumerable<TestCaseData> BridgeTasks()
    {
        // task idle_timeout_minutes, operator idleOnComplete
        yield return new TestCaseData(null, null).SetName("BridgeTaskWithTheBareFlagRunsItsArgsUnchanged");
        yield return new TestCaseData(null, "30m").SetName("BridgeTaskWithTheOperatorsIdleRunsItsArgsUnchanged");
        yield return new TestCaseData(15, "30m").SetName("BridgeTaskWithItsOwnIdleRunsItsArgsUnchanged");
    }

    [TestCaseSource(nameof(BridgeTasks))]
    public void TaskFromTheOzBridgePassesItsArgsAsTheyAre(int? idleMinutes, string? operatorIdle)
    {
        var options = TaskFixtures.Options() with { IdleOnComplete = operatorIdle, Oz = new OzOptions { ServerRootUrl = "https://root.test" } };
        var assignment = new TaskAssignment
        {
            TaskId = "t-1",
            SidecarImage = "warpdotdev/oz-agent:1",
            Task = new OzTask { Id = "t-1", AgentConfigSnapshot = new AgentConfigSnapshot { IdleTimeoutMinutes = idleMinutes } },
        };
        var task = TaskAssignmentMapper.Map(assignment, options).Task ?? throw new AssertionException("the assignment did not map");

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, options));

        Assert.That(container.Command.Skip(4), Is.EqualTo(task.Spec.Args));
    }
}
