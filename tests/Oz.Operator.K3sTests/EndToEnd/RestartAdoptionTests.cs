
namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>A restarted operator finds the Job it already made (deterministic name) and never makes a second one.</summary>
[TestFixture]
public sealed class RestartAdoptionTests : OperatorTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    // Each test runs its own operators: this one stops and restarts them.
    protected override string[]? FixtureOperatorArgs => null;

    [Test]
    public async Task AnOperatorRestartedWhileATaskRunsAdoptsItsJob()
    {
        var first = OperatorRun.Start(Cluster, Ns, "--no-cleanup");
        await CreateTaskAsync(FakeAgent.Task("survives-restart", "sleep 10"));
        var running = await WaitForPhaseAsync("survives-restart", AgentTaskPhase.Running, Timeout, first);
        var jobBefore = await Client.BatchV1.ReadNamespacedJobAsync(running.Status!.JobName, Ns);
        var firstExit = await first.StopAsync();
        await first.DisposeAsync();

        await using var second = OperatorRun.Start(Cluster, Ns, "--no-cleanup");
        var succeeded = await WaitForPhaseAsync("survives-restart", AgentTaskPhase.Succeeded, Timeout, second);

        var jobs = await TaskJobsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(firstExit, Is.Zero);
            Assert.That(succeeded.Status!.JobName, Is.EqualTo(jobBefore.Metadata.Name));
            Assert.That(jobs.Select(j => j.Metadata.Uid), Is.EqualTo(new[] { jobBefore.Metadata.Uid }));
        });
    }
}
