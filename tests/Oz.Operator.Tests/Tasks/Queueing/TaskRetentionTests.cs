using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks.Queueing;
using Oz.Operator.Tests.Tasks.Fakes;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Queueing;

public sealed class TaskRetentionTests
{
    private static readonly OperatorOptions Options = new() { TaskRetention = TimeSpan.FromHours(24), WorkerId = OzClaims.WorkerId };

    public static IEnumerable<TestCaseData> Cases()
    {
        // taskId, reportedToOz, hours since completion → time left
        yield return new TestCaseData(null, null, 1.0, TimeSpan.FromHours(23)).SetName("AHandMadeTaskIsKeptForTheRetention");
        yield return new TestCaseData(null, null, 25.0, TimeSpan.Zero).SetName("AHandMadeTaskIsDeletedAfterTheRetention");
        yield return new TestCaseData("oz-1", true, 25.0, TimeSpan.Zero).SetName("AReportedOzTaskIsDeletedAfterTheRetention");
        yield return new TestCaseData("oz-1", null, 25.0, TimeSpan.FromHours(23)).SetName("AnUnreportedOzTaskWaitsForItsReport");
        yield return new TestCaseData("oz-1", false, 49.0, TimeSpan.Zero).SetName("AnUnreportedOzTaskIsDeletedAfterTwiceTheRetention");
    }

    [Test]
    public void AHandMadeTaskWithATaskIdDoesNotWaitForAReport()
    {
        // Only tasks this worker claimed are reported; waiting for any other would be waiting for nothing.
        var task = Task();
        task.Spec.TaskId = "oz-1";
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded, CompletionTime = T0 };

        Assert.That(TaskRetention.Remaining(task, Options, T0.AddHours(25)), Is.EqualTo(TimeSpan.Zero));
    }

    [TestCaseSource(nameof(Cases))]
    public void TimeLeftBeforeDeletion(string? taskId, bool? reported, double hoursSinceCompletion, TimeSpan expected)
    {
        var task = taskId is null ? Task() : Task().ClaimedBy(taskId);
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded, CompletionTime = T0, ReportedToOz = reported };

        Assert.That(TaskRetention.Remaining(task, Options, T0.AddHours(hoursSinceCompletion)), Is.EqualTo(expected));
    }

    [Test]
    public void AnUnfinishedTaskHasNoRetention()
    {
        var task = Task();
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Running };

        Assert.That(TaskRetention.Remaining(task, Options, T0), Is.Null);
    }

    [Test]
    public void AHugeRetentionDoesNotOverflow()
    {
        var task = Task().ClaimedBy("oz-1");
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Failed, CompletionTime = T0 };

        Assert.That(TaskRetention.Remaining(task, Options with { TaskRetention = TimeSpan.MaxValue }, T0), Is.GreaterThan(TimeSpan.FromDays(3650)));
    }
}
