using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tests.Tasks.Status;

public sealed class TaskStatusEqualityTests
{
    private static AgentTaskStatus Succeeded(string? duration) => new()
    {
        Phase = AgentTaskPhase.Succeeded,
        StartTime = new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc),
        CompletionTime = new DateTime(2026, 11, 23, 12, 1, 30, DateTimeKind.Utc),
        Duration = duration,
    };

    [TestCase("1m30s", null)]
    [TestCase("1m30s", "1m29s")]
    [TestCase(null, "1m30s")]
    public void StatusesThatDifferOnlyInDurationDiffer(string? stored, string? desired)
    {
        Assert.That(TaskStatusEquality.SameOwnedFields(Succeeded(stored), Succeeded(desired)), Is.False);
    }

    [Test]
    public void StatusesWithTheSameDurationAreEqual()
    {
        Assert.That(TaskStatusEquality.SameOwnedFields(Succeeded("1m30s"), Succeeded("1m30s")), Is.True);
    }
}
