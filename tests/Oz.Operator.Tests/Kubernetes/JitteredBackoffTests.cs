using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class JitteredBackoffTests
{
    private static readonly JitteredBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), Factor: 2, Jitter: 0.2);

    private static IEnumerable<TestCaseData> Attempts()
    {
        // attempt, ideal delay in ms before jitter (capped at 30 s)
        yield return new TestCaseData(1, 200.0);
        yield return new TestCaseData(2, 400.0);
        yield return new TestCaseData(5, 3200.0);
        yield return new TestCaseData(8, 25600.0);
        yield return new TestCaseData(9, 30000.0);
        yield return new TestCaseData(1000, 30000.0);
    }

    [TestCaseSource(nameof(Attempts))]
    public void DelayStaysWithinTheJitterBandAroundTheCappedExponential(int attempt, double idealMs)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = Backoff.Delay(attempt).TotalMilliseconds;
            Assert.That(delay, Is.InRange(idealMs * 0.8, Math.Min(idealMs * 1.2, 30000)));
        }
    }

    [Test]
    public void JitterSpreadsDelays()
    {
        var delays = Enumerable.Range(0, 50).Select(_ => Backoff.Delay(3)).Distinct().Count();

        Assert.That(delays, Is.GreaterThan(1));
    }

    [TestCaseSource(nameof(Attempts))]
    public void JitterThatOnlyShortensStaysBetweenItsShareBelowAndTheCappedExponential(int attempt, double idealMs)
    {
        var shortening = Backoff with { JitterShortensOnly = true };
        var random = new Random(attempt);
        for (var i = 0; i < 200; i++)
        {
            Assert.That(shortening.Delay(attempt, random).TotalMilliseconds, Is.InRange(idealMs * 0.8, idealMs));
        }
    }

    [Test]
    public void NoRetryMeansNoDelay() => Assert.That(Backoff.Delay(0), Is.EqualTo(TimeSpan.Zero));
}
