namespace Oz.Operator.Tests.Crds;

public sealed class TaskDurationTests
{
    [TestCase(0, "0s")]
    [TestCase(45, "45s")]
    [TestCase(60, "1m0s")]
    [TestCase(252, "4m12s")]
    [TestCase(3600, "1h0m0s")]
    [TestCase(7205, "2h0m5s")]
    [TestCase(100 * 3600 + 61, "100h1m1s")]
    public void DurationIsWrittenInGoSyntaxAtWholeSeconds(int seconds, string expected)
    {
        Assert.That(TaskDuration.Format(TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(999)), Is.EqualTo(expected));
    }

    [Test]
    public void ACompletionBeforeTheStartIsZero()
    {
        Assert.That(TaskDuration.Format(TimeSpan.FromSeconds(-5)), Is.EqualTo("0s"));
    }

    [Test]
    public void DurationBetweenTwoTimesIsTheirDifference()
    {
        var start = new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc);
        Assert.That(TaskDuration.Format(start, start.AddMinutes(4).AddSeconds(7)), Is.EqualTo("4m7s"));
    }
}
