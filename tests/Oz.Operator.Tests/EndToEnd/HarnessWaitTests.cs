namespace Oz.Operator.Tests.EndToEnd;

/// <summary>The shared waits end as soon as the test's budget is spent, naming what they waited for.</summary>
public sealed class HarnessWaitTests
{
    // Well below the waits' own 20–30 s timeouts: ending within it means the cancellation ended the wait.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    [Test]
    public async Task AnApiWaitEndsAtOnceNamingItsConditionWhenTheTestIsCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Called inside ThrowsAsync: NUnit isolates the failure an assertion records only there.
        var failure = Assert.ThrowsAsync<AssertionException>(() =>
            KubeSimCluster.WaitForAsync(() => Task.FromResult(1), _ => false, "the thing that never happens", cancelled.Token).WaitAsync(Prompt));
        Assert.That(failure!.Message, Does.Contain("cancelled").And.Contain("the thing that never happens"));
    }

    [Test]
    public async Task AConditionWaitEndsAtOnceNamingItsConditionWhenTheTestIsCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var failure = Assert.ThrowsAsync<AssertionException>(() =>
            Eventually.UntilAsync(() => Task.FromResult(false), () => "the listener that never opens", cancelled.Token).WaitAsync(Prompt));
        Assert.That(failure!.Message, Does.Contain("cancelled").And.Contain("the listener that never opens"));
    }

    [Test]
    [CancelAfter(300)]
    public void TheWaitsDefaultTokenIsTheOneCancelAfterCancels()
    {
        var failure = Assert.ThrowsAsync<AssertionException>(() =>
            KubeSimCluster.WaitForAsync(() => Task.FromResult(1), _ => false, "the budget to run out").WaitAsync(Prompt));
        Assert.That(failure!.Message, Does.Contain("cancelled"));
    }
}
