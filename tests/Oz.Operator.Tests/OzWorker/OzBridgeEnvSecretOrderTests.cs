namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// The env Secret must exist before the controller may start the task's Job (else the pod meets
/// CreateContainerConfigError): the AgentTask is created with a start gate that is removed only
/// once its Secret exists.
/// </summary>
public sealed class OzBridgeEnvSecretOrderTests
{
    [Test]
    public async Task TheAgentTaskIsReleasedToStartOnlyOnceItsSecretExists()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var seen = new ConcurrentQueue<(string? Gate, int Secrets)>();
        harness.Cluster.Changed += key => seen.Enqueue((StartGate.Of(harness.Cluster.Get(key)!), harness.Cluster.Secrets.Count));
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");

        var task = harness.TaskOf("task-1", "exec-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(seen.First(), Is.EqualTo((StartGate.EnvSecret, 0)), "created gated, before its Secret");
            Assert.That(seen.Where(s => s.Gate is null).Select(s => s.Secrets), Is.Not.Empty.And.All.EqualTo(1), "released only with its Secret there");
            Assert.That(StartGate.Of(task), Is.Null);
            Assert.That(harness.Cluster.Secrets.Single().Metadata.OwnerReferences.Single().Uid, Is.EqualTo(task.Metadata.Uid));
        });
    }

    [Test]
    public async Task AnAssignmentWithoutEnvironmentIsNotGated()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1", a => a.Remove("env_vars")));
        await session.ReceiveOfTypeAsync("task_claimed");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Cluster.Secrets, Is.Empty);
            Assert.That(StartGate.Of(harness.TaskOf("task-1", "exec-1")!), Is.Null);
        });
    }
}
