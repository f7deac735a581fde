
namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>What a task's status says after its pod ran on a real kubelet: success, exit code, OOM, image pull error.</summary>
[TestFixture]
public sealed class TaskOutcomeTests : OperatorTestBase
{
    // Real image pulls from a public registry: generous, but each task normally ends in seconds.
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromMinutes(3);

    [Test]
    public async Task ATaskWhoseAgentExitsZeroSucceeds()
    {
        await CreateTaskAsync(FakeAgent.Task("succeeds", "exit 0"));

        var task = await WaitForPhaseAsync("succeeds", AgentTaskPhase.Succeeded, TaskTimeout, Operator);

        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.Reason, Is.Null);
            Assert.That(task.Status.JobName, Is.Not.Empty);
            Assert.That(task.Status.CompletionTime, Is.Not.Null);
        });
    }

    [Test]
    public async Task ATaskWhoseAgentExitsNonZeroFailsWithItsExitCode()
    {
        await CreateTaskAsync(FakeAgent.Task("exits-3", "exit 3"));

        var task = await WaitForPhaseAsync("exits-3", AgentTaskPhase.Failed, TaskTimeout, Operator);

        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.ContainerExit));
            Assert.That(task.Status.ExitCode, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task ATaskOverItsMemoryLimitFailsAsContainerOom()
    {
        var oom = FakeAgent.Task("oom", "tail /dev/zero");
        var memory = new Dictionary<string, ResourceQuantity> { ["memory"] = new("32Mi"), ["cpu"] = new("100m") };
        oom.Spec.Resources = new V1ResourceRequirements { Requests = memory, Limits = memory };
        await CreateTaskAsync(oom);

        var task = await WaitForPhaseAsync("oom", AgentTaskPhase.Failed, TaskTimeout, Operator);

        Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.ContainerOOM));
    }

    [Test]
    public async Task ATaskWithAnImageThatCannotBePulledFailsAsImagePull()
    {
        await CreateTaskAsync(FakeAgent.Task("no-image", "exit 0", image: "busybox:0.0.0-oz-does-not-exist"));

        var task = await WaitForPhaseAsync("no-image", AgentTaskPhase.Failed, TaskTimeout, Operator);

        Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.ImagePull));
    }
}
