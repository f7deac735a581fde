using Oz.Operator.OzWorker.Bridge;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Server variables whose names cannot be passed on are reported, not silently dropped.</summary>
public sealed class OzBridgeEnvNameTests
{
    [Test]
    public async Task InvalidEnvNamesAreReportedWithAWarningEventAndALogLine()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1", a => a["env_vars"] = new JsonObject { ["GOOD"] = "1", ["BAD NAME"] = "hidden-value" }));
        await session.ReceiveOfTypeAsync("task_claimed");
        await harness.Events.WhenIdleAsync();

        var recorded = harness.EventSink.Events.Single();
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Task, Is.EqualTo(harness.TaskOf("task-1", "exec-1")!.Metadata.Name));
            Assert.That(recorded.Event.Type, Is.EqualTo(TaskEvent.Warning));
            Assert.That(recorded.Event.Reason, Is.EqualTo(OzMessageHandler.InvalidEnvNamesReason));
            Assert.That(recorded.Event.Note, Does.Contain("BAD NAME").And.Not.Contain("hidden-value"));
            Assert.That(harness.Logs.Lines, Has.Some.Contains("BAD NAME"));
        });
    }

    [Test]
    public async Task ValidEnvNamesRecordNoEvent()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await harness.Events.WhenIdleAsync();

        Assert.That(harness.EventSink.Events, Is.Empty);
    }
}
