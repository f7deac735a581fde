namespace Oz.Operator.Tests.Crds;

public sealed class ApiTimeTests
{
    [Test]
    public void KubernetesJsonWritesFractionsThatTheApiServerDrops()
    {
        var condition = new V1Condition { LastTransitionTime = new DateTime(2026, 11, 23, 9, 0, 5, 123, DateTimeKind.Utc) };

        Assert.That(KubernetesJson.Serialize(condition), Does.Contain("\"2026-11-23T09:00:05.123000Z\""));
    }

    [Test]
    public void TruncateDropsFractionsAndKeepsUtc()
    {
        var truncated = ApiTime.Truncate(new DateTime(2026, 11, 23, 9, 0, 5, 999, DateTimeKind.Utc));

        Assert.That((truncated, truncated.Kind), Is.EqualTo((new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc), DateTimeKind.Utc)));
    }

    [Test]
    public void UnspecifiedKindIsTakenAsUtc()
    {
        var truncated = ApiTime.Truncate(new DateTime(2026, 11, 23, 9, 0, 5, 500, DateTimeKind.Unspecified));

        Assert.That((truncated, truncated.Kind), Is.EqualTo((new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc), DateTimeKind.Utc)));
    }

    [Test]
    public void ATruncatedTimeIsWrittenWithoutFractions()
    {
        var condition = new V1Condition { LastTransitionTime = ApiTime.Truncate(new DateTime(2026, 11, 23, 9, 0, 5, 123, DateTimeKind.Utc)) };

        Assert.That(KubernetesJson.Serialize(condition), Does.Contain("\"2026-11-23T09:00:05Z\""));
    }

    [Test]
    public void NowReadsTheGivenClock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 23, 9, 0, 5, 250, TimeSpan.Zero));

        Assert.That(ApiTime.Now(clock), Is.EqualTo(new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
