
namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>spec.cancel on a running task: the Job goes away and the task ends Cancelled.</summary>
[TestFixture]
public sealed class CancellationTests : OperatorTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Test]
    public async Task CancellingARunningTaskDeletesItsJobAndEndsCancelled()
    {
        await CreateTaskAsync(FakeAgent.Task("cancel-me", "sleep 600"));
        var running = await WaitForPhaseAsync("cancel-me", AgentTaskPhase.Running, Timeout, Operator);

        await RequestCancellationAsync("cancel-me");

        var cancelled = await WaitForPhaseAsync("cancel-me", AgentTaskPhase.Cancelled, Timeout, Operator);
        Assert.That(cancelled.Status!.Reason, Is.EqualTo(FailureReason.Cancelled));
        await EventuallyAsync(
            async () => !(await TaskJobsAsync()).Any(j => j.Metadata.Name == running.Status!.JobName && j.Metadata.DeletionTimestamp is null),
            $"Job {running.Status!.JobName} to be gone",
            TimeSpan.FromSeconds(60),
            Operator);
    }
}
