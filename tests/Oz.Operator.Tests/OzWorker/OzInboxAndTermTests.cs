namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// The Oz side under load and at the end of a term: a flood larger than the inbox's bound waits
/// (nothing dropped, nothing reordered), and once leadership ends nothing more goes to Oz.
/// </summary>
public sealed class OzInboxAndTermTests
{
    [Test]
    public async Task AFloodLargerThanTheInboxIsHandledInOrderWithNothingDropped()
    {
        // A bound of one: every message past the first waits for the handler (back-pressure) instead of being dropped.
        const int Assignments = 24;
        var connection = BridgeHarness.FastConnection with { InboxCapacity = 1 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection);
        var session = await harness.NextSessionAsync();
        var sent = Enumerable.Range(1, Assignments).Select(i => $"flood-{i:D2}").ToList();

        foreach (var id in sent)
        {
            await session.SendJsonAsync(OzMessages.Assignment(id));
        }

        var claimed = new List<string?>();
        for (var i = 0; i < Assignments; i++)
        {
            claimed.Add((await session.ReceiveOfTypeAsync("task_claimed")).GetProperty("data").GetProperty("task_id").GetString());
        }

        Assert.Multiple(() =>
        {
            Assert.That(claimed, Is.EqualTo(sent), "claimed in the order sent, none missing");
            Assert.That(harness.Cluster.List().Select(t => t.Spec.TaskId).Order(), Is.EqualTo(sent));
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task AfterTheTermEndsATaskThatFinishesIsNotReportedAndTheWorkerDoesNotReconnect()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-term"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var key = ObjectKey.Of(harness.TaskOf("task-term")!);

        await harness.StopAsync();
        harness.Cluster.SetStatus(key, AgentTaskPhase.Succeeded, exitCode: 0);
        await session.Ended;

        // The connection has ended, so what the worker sent on it is complete.
        var heard = session.Unread();

        Assert.Multiple(() =>
        {
            Assert.That(heard.Select(m => m.GetProperty("type").GetString()), Has.None.EqualTo("task_completed"));
            Assert.That(harness.TaskOf("task-term")!.Status?.ReportedToOz, Is.Not.True, "left for the next leader to report");
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1), "no connection after the term");
        });
    }
}
