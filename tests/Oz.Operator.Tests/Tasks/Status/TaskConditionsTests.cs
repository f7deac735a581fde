using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tests.Tasks.Status;

public sealed class TaskConditionsTests
{
    private static readonly DateTime FractionalNow = new(2026, 11, 23, 12, 0, 5, 789, DateTimeKind.Utc);

    [Test]
    public void NewConditionTransitionsAtTheWholeSecondLikeStartAndCompletionTimes()
    {
        var merged = TaskConditions.Merge(null, [TaskConditions.Make(ConditionTypes.Running, true, "Running", "running", 1)], FractionalNow);

        Assert.That(merged.Single().LastTransitionTime, Is.EqualTo(ApiTime.Truncate(FractionalNow)));
    }

    [Test]
    public void ConditionWhoseStatusChangedTransitionsAtTheWholeSecond()
    {
        var before = TaskConditions.Merge(null, [TaskConditions.Make(ConditionTypes.Running, false, "Pending", "pending", 1)], FractionalNow.AddMinutes(-1));

        var merged = TaskConditions.Merge(before, [TaskConditions.Make(ConditionTypes.Running, true, "Running", "running", 1)], FractionalNow);

        Assert.That(merged.Single().LastTransitionTime, Is.EqualTo(new DateTime(2026, 11, 23, 12, 0, 5, DateTimeKind.Utc)));
    }
}
