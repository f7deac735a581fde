using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>The Oz instruments, observed with a MeterListener while the bridge works.</summary>
public sealed class OzMetricsTests
{
    [Test]
    public void EveryCounterIsPrimedAtZeroForEachKnownLabelValue()
    {
        using var ozMetrics = new OzMetrics();
        using var metrics = new MetricsRecorder(ozMetrics);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Series("oz_operator_oz_reconnects_total"), Is.EquivalentTo(DisconnectReasons.All.ToDictionary(r => $"reason={r}", _ => 0L)));
            Assert.That(metrics.Series("oz_operator_oz_assignments_total"), Is.EquivalentTo(new Dictionary<string, long> { ["result=claimed"] = 0, ["result=rejected"] = 0, ["result=invalid"] = 0 }));
            Assert.That(metrics.Series("oz_operator_oz_reports_total"), Is.EquivalentTo(new Dictionary<string, long> { ["type=task_completed"] = 0, ["type=task_failed"] = 0 }));
        });
    }

    [Test]
    public void CountsAddUpOnTheirPrimedSeries()
    {
        using var ozMetrics = new OzMetrics();
        using var metrics = new MetricsRecorder(ozMetrics);

        ozMetrics.Assignment("claimed");
        ozMetrics.Assignment("claimed");
        ozMetrics.Report("task_failed");

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("oz_operator_oz_assignments_total", "result", "claimed"), Is.EqualTo(2));
            Assert.That(metrics.Sum("oz_operator_oz_assignments_total", "result", "rejected"), Is.Zero);
            Assert.That(metrics.Sum("oz_operator_oz_reports_total", "type", "task_failed"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ConnectedGaugeFollowsTheConnection()
    {
        await using var harness = await BridgeHarness.StartAsync(start: false);
        using var metrics = new MetricsRecorder(harness.Metrics);
        var before = metrics.Observe("oz_operator_oz_connected");

        harness.Start();
        var session = await harness.NextSessionAsync();
        await Eventually.Until(() => metrics.Observe("oz_operator_oz_connected") == 1, "gauge at 1 while connected");
        await harness.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(metrics.Observe("oz_operator_oz_connected"), Is.Zero);
        });
    }

    [Test]
    public async Task AssignmentsAreCountedByResult()
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { MaxConcurrentTasks = 1 });
        using var metrics = new MetricsRecorder(harness.Metrics);
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1"));
        await session.SendJsonAsync(OzMessages.Assignment("task-2"));
        await session.SendJsonAsync(OzMessages.Assignment("task-3", change: d => d.Remove("task")));
        for (var i = 0; i < 3; i++)
        {
            await session.ReceiveAsync();
        }

        // Counted after the send succeeds, so the server may see the message a moment before the count.
        await Eventually.Until(() => metrics.Sum("oz_operator_oz_assignments_total", "result", "claimed") == 1, "one claimed");
        await Eventually.Until(() => metrics.Sum("oz_operator_oz_assignments_total", "result", "rejected") == 1, "one rejected");
        await Eventually.Until(() => metrics.Sum("oz_operator_oz_assignments_total", "result", "invalid") == 1, "one invalid");

        // A later message answered and counted: the three before it have been handled for good.
        await session.SendJsonAsync(OzMessages.Assignment("task-4", change: d => d.Remove("task")));
        await session.ReceiveAsync();
        await Eventually.Until(() => metrics.Sum("oz_operator_oz_assignments_total", "result", "invalid") == 2, "the later invalid one");

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("oz_operator_oz_assignments_total", "result", "claimed"), Is.EqualTo(1), "nothing counted twice");
            Assert.That(metrics.Sum("oz_operator_oz_assignments_total", "result", "rejected"), Is.EqualTo(1), "nothing counted twice");
        });
    }

    [Test]
    public async Task ReportsAreCountedByType()
    {
        await using var harness = await BridgeHarness.StartAsync();
        using var metrics = new MetricsRecorder(harness.Metrics);
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-ok"));
        await session.SendJsonAsync(OzMessages.Assignment("task-bad"));
        await session.ReceiveAsync();
        await session.ReceiveAsync();

        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-ok")!), AgentTaskPhase.Succeeded);
        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-bad")!), AgentTaskPhase.Failed, FailureReason.Evicted);
        await session.ReceiveAsync();
        await session.ReceiveAsync();

        await Eventually.Until(() => metrics.Sum("oz_operator_oz_reports_total", "type", "task_completed") == 1, "one task_completed");
        await Eventually.Until(() => metrics.Sum("oz_operator_oz_reports_total", "type", "task_failed") == 1, "one task_failed");

        // Once Oz has confirmed a report, the task is recorded as reported and never sent again.
        await Eventually.Until(
            () => harness.TaskOf("task-ok")?.Status?.ReportedToOz == true && harness.TaskOf("task-bad")?.Status?.ReportedToOz == true,
            "both reports confirmed and recorded");

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("oz_operator_oz_reports_total", "type", "task_completed"), Is.EqualTo(1), "nothing counted twice");
            Assert.That(metrics.Sum("oz_operator_oz_reports_total", "type", "task_failed"), Is.EqualTo(1), "nothing counted twice");
        });
    }

    [Test]
    public async Task DroppedConnectionIsCountedAsAReconnectWithItsReason()
    {
        await using var harness = await BridgeHarness.StartAsync();
        using var metrics = new MetricsRecorder(harness.Metrics);
        var session = await harness.NextSessionAsync();

        session.Drop();
        await harness.NextSessionAsync();

        Assert.That(metrics.Sum("oz_operator_oz_reconnects_total", "reason", DisconnectReasons.ConnectionLost), Is.EqualTo(1));
    }
}
