using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class ExponentialRateLimiterTests
{
    private static readonly JitteredBackoff NoJitter = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), Jitter: 0);

    [Test]
    public void EachFailureDoublesTheDelayUpToTheCap()
    {
        var limiter = new ExponentialRateLimiter<string>(NoJitter);

        var delays = Enumerable.Range(0, 6).Select(_ => limiter.When("a").TotalMilliseconds).ToList();

        Assert.That(delays, Is.EqualTo(new double[] { 100, 200, 400, 800, 1000, 1000 }));
    }

    [Test]
    public void ForgetStartsTheBackoffOver()
    {
        var limiter = new ExponentialRateLimiter<string>(NoJitter);
        limiter.When("a");
        limiter.When("a");

        limiter.Forget("a");

        Assert.That(limiter.NumRequeues("a"), Is.Zero);
        Assert.That(limiter.When("a"), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
    }

    [Test]
    public void KeysBackOffIndependently()
    {
        var limiter = new ExponentialRateLimiter<string>(NoJitter);
        limiter.When("a");
        limiter.When("a");

        Assert.That(limiter.When("b"), Is.EqualTo(TimeSpan.FromMilliseconds(100)));
    }
}
