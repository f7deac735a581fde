using Oz.Operator.Tasks.Queueing;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Queueing;

public sealed class TaskRetentionTests
{
    private static readonly OperatorOptions Options = new() { TaskRetention = TimeSpan.FromHours(24) };

    public static IEnumerable<TestCaseData> Cases()
    {
        // from Oz, reportedToOz, delete-after annotation, deleteHandMadeTasks, hours since completion → time left
        yield return new TestCaseData(false, null, null, false, 1000.0, null).SetName("AHandMadeTaskIsKept");
        yield return new TestCaseData(false, null, null, true, 1.0, TimeSpan.FromHours(23)).SetName("AHandMadeTaskIsKeptForTheRetentionWhenHandMadeTasksAreDeleted");
        yield return new TestCaseData(false, null, null, true, 25.0, TimeSpan.Zero).SetName("AHandMadeTaskIsDeletedAfterTheRetentionWhenHandMadeTasksAreDeleted");
        yield return new TestCaseData(false, null, "2h", false, 1.0, TimeSpan.FromHours(1)).SetName("AHandMadeTaskWithDeleteAfterIsKeptThatLong");
        yield return new TestCaseData(false, null, "2h", false, 3.0, TimeSpan.Zero).SetName("AHandMadeTaskWithDeleteAfterIsDeletedAfterIt");
        yield return new TestCaseData(false, null, "2h", true, 3.0, TimeSpan.Zero).SetName("DeleteAfterTakesThePlaceOfTheRetention");
        yield return new TestCaseData(false, null, "soon", true, 1000.0, null).SetName("AnInvalidDeleteAfterKeepsTheTask");
        yield return new TestCaseData(false, null, "-1h", true, 1000.0, null).SetName("ANegativeDeleteAfterKeepsTheTask");
        yield return new TestCaseData(true, true, null, false, 1.0, TimeSpan.FromHours(23)).SetName("AReportedOzTaskIsKeptForTheRetention");
        yield return new TestCaseData(true, true, null, false, 25.0, TimeSpan.Zero).SetName("AReportedOzTaskIsDeletedAfterTheRetention");
        yield return new TestCaseData(true, null, null, false, 1000.0, null).SetName("AnUnreportedOzTaskIsNeverDeleted");
        yield return new TestCaseData(true, false, "1m", true, 1000.0, null).SetName("AnUnreportedOzTaskIsNotDeletedEvenWithDeleteAfter");
        yield return new TestCaseData(true, true, "1m", false, 1.0, TimeSpan.Zero).SetName("AReportedOzTaskHonoursDeleteAfter");
    }

    [TestCaseSource(nameof(Cases))]
    public void TimeLeftBeforeDeletion(bool fromOz, bool? reported, string? deleteAfter, bool deleteHandMade, double hoursSinceCompletion, TimeSpan? expected)
    {
        var task = Task();
        if (fromOz)
        {
            task.Spec.TaskId = "oz-1";
            task.Metadata.Labels = new Dictionary<string, string> { [TaskLabels.Source] = TaskLabels.SourceOz };
        }

        if (deleteAfter is not null)
        {
            task.Metadata.Annotations = new Dictionary<string, string> { [TaskRetention.DeleteAfterAnnotation] = deleteAfter };
        }

        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded, CompletionTime = T0, ReportedToOz = reported };

        Assert.That(TaskRetention.Remaining(task, Options with { DeleteHandMadeTasks = deleteHandMade }, T0.AddHours(hoursSinceCompletion)), Is.EqualTo(expected));
    }

    [Test]
    public void AHandMadeTaskWithASpecTaskIdIsNotTakenForAnOzTask()
    {
        var task = Task();
        task.Spec.TaskId = "copied-from-oz";
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Failed, CompletionTime = T0 };

        Assert.That(TaskRetention.Remaining(task, Options, T0.AddDays(30)), Is.Null);
    }

    [TestCase("soon")]
    [TestCase("0s")]
    public void AnInvalidDeleteAfterIsAProblem(string value)
    {
        var task = Task();
        task.Metadata.Annotations = new Dictionary<string, string> { [TaskRetention.DeleteAfterAnnotation] = value };

        Assert.That(TaskRetention.AnnotationProblem(task), Does.Contain(TaskRetention.DeleteAfterAnnotation).And.Contain(value));
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
        var task = Task();
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Failed, CompletionTime = T0 };

        Assert.That(TaskRetention.Remaining(task, Options with { TaskRetention = TimeSpan.MaxValue, DeleteHandMadeTasks = true }, T0), Is.GreaterThan(TimeSpan.FromDays(3650)));
    }
}
