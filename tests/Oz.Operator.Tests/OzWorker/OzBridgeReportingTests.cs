using Oz.Operator.OzWorker;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Terminal AgentTasks are reported to Oz once, and the report survives disconnects and restarts.</summary>
public sealed class OzBridgeReportingTests
{
    public sealed record ReportCase(
        AgentTaskPhase Phase,
        FailureReason? Reason,
        int? ExitCode,
        string ExpectedType,
        string? ExpectedFailureReason,
        string? ExpectedTaskState)
    {
        public override string ToString() => $"{Phase}/{Reason?.ToString() ?? "-"}/{ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
    }

    public static IEnumerable<ReportCase> ReportCases =>
    [
        new(AgentTaskPhase.Succeeded, null, 0, "task_completed", null, null),
        new(AgentTaskPhase.Cancelled, FailureReason.Cancelled, null, "task_completed", null, "CANCELLED"),
        new(AgentTaskPhase.Failed, FailureReason.ImagePull, null, "task_failed", "image_pull", null),
        new(AgentTaskPhase.Failed, FailureReason.InvalidImage, null, "task_failed", "invalid_image", null),
        new(AgentTaskPhase.Failed, FailureReason.Unschedulable, null, "task_failed", "unschedulable", null),
        new(AgentTaskPhase.Failed, FailureReason.ContainerOOM, 137, "task_failed", "container_oom", null),
        new(AgentTaskPhase.Failed, FailureReason.ContainerExit, 3, "task_failed", "container_exit", null),
        new(AgentTaskPhase.Failed, FailureReason.ContainerExit, 143, "task_failed", "container_exit", null),
        new(AgentTaskPhase.Failed, FailureReason.InitContainer, 1, "task_failed", "init_container", null),
        new(AgentTaskPhase.Failed, FailureReason.SetupCommand, 2, "task_failed", "setup_command", null),
        new(AgentTaskPhase.Failed, FailureReason.VolumeMount, null, "task_failed", "volume_mount", null),
        new(AgentTaskPhase.Failed, FailureReason.Evicted, null, "task_failed", "evicted", null),
        new(AgentTaskPhase.Failed, FailureReason.DeadlineExceeded, null, "task_failed", "active_deadline", null),
        new(AgentTaskPhase.Failed, FailureReason.JobDeleted, null, "task_failed", "job_failed", null),
        new(AgentTaskPhase.Failed, FailureReason.ContainerCreate, null, "task_failed", "container_create", null),
        new(AgentTaskPhase.Failed, FailureReason.Cancelled, null, "task_failed", "task_cancelled", null),
        // No Job was created: a bridge task that may not read a Secret, or whose Job the API server refused.
        new(AgentTaskPhase.Failed, FailureReason.SecretNotAllowed, null, "task_failed", "job_create", null),
        new(AgentTaskPhase.Failed, FailureReason.JobCreateRefused, null, "task_failed", "job_create", null),
        new(AgentTaskPhase.Failed, FailureReason.PodSecurity, null, "task_failed", "container_create", null),
        new(AgentTaskPhase.Failed, null, null, "task_failed", "unknown", null),
    ];

    [TestCaseSource(nameof(ReportCases))]
    public async Task TerminalTaskIsReportedOnceWithTheMappedFieldsAndMarkedReported(ReportCase c)
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-r"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var key = ObjectKey.Of(harness.TaskOf("task-r")!);

        harness.Cluster.SetStatus(key, c.Phase, c.Reason, c.ExitCode, "the message");
        var report = await session.ReceiveAsync();
        await Eventually.Until(() => harness.Cluster.Get(key)!.Status!.ReportedToOz == true, "reportedToOz set");
        harness.Reports.Notify(key);
        harness.Cluster.SetStatus(key, c.Phase, c.Reason, c.ExitCode, "the message");
        var sentAgain = await harness.SentUntilSettledAsync(session);

        var data = report.GetProperty("data");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo(c.ExpectedType));
            Assert.That(data.GetProperty("task_id").GetString(), Is.EqualTo("task-r"));
            Assert.That(data.GetProperty("message").GetString(), Is.EqualTo("the message"));
            Assert.That(Optional(data, "failure_reason"), Is.EqualTo(c.ExpectedFailureReason));
            Assert.That(Optional(data, "task_state"), Is.EqualTo(c.ExpectedTaskState));
            Assert.That(
                data.TryGetProperty("exit_code", out var exit) ? exit.GetInt32() : (int?)null,
                Is.EqualTo(c.ExpectedType == "task_failed" ? c.ExitCode : null));
            Assert.That(sentAgain, Is.Empty, "reported once");
        });
    }

    [Test]
    public async Task TaskWithoutTaskIdIsNeverReported()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        var manual = harness.Cluster.Put(new AgentTask { Metadata = new V1ObjectMeta { Name = "by-hand", NamespaceProperty = BridgeHarness.Namespace } });

        harness.Cluster.SetStatus(ObjectKey.Of(manual), AgentTaskPhase.Succeeded);

        Assert.That(await harness.SentUntilSettledAsync(session), Is.Empty);
    }

    [Test]
    public async Task ReportPendingBeforeAStartIsSentOnConnect()
    {
        // The state an operator restarted between completion and report finds: terminal, not reported.
        await using var harness = await BridgeHarness.StartAsync(start: false);
        var finished = harness.Cluster.Put(FinishedTask("task-old", AgentTaskPhase.Failed, FailureReason.ContainerExit, 7));

        harness.Start();
        var session = await harness.NextSessionAsync();
        var report = await session.ReceiveAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_failed"));
            Assert.That(report.GetProperty("data").GetProperty("exit_code").GetInt32(), Is.EqualTo(7));
            await Eventually.Until(() => harness.Cluster.Get(ObjectKey.Of(finished))!.Status!.ReportedToOz == true, "reportedToOz set");
        });
    }

    [Test]
    public async Task AlreadyReportedTaskIsNotReportedAgainAfterARestart()
    {
        await using var harness = await BridgeHarness.StartAsync(start: false);
        var finished = FinishedTask("task-done", AgentTaskPhase.Succeeded, null, 0);
        finished.Status!.ReportedToOz = true;
        harness.Cluster.Put(finished);

        harness.Start();
        var session = await harness.NextSessionAsync();

        Assert.That(await harness.SentUntilSettledAsync(session), Is.Empty);
    }

    [Test]
    public async Task ResultIsReportedAfterTheServerDropsTheConnectionMidTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var first = await harness.NextSessionAsync();
        await first.SendJsonAsync(OzMessages.Assignment("task-d"));
        await first.ReceiveOfTypeAsync("task_claimed");

        first.Drop();
        await first.Ended;
        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-d")!), AgentTaskPhase.Succeeded, message: "done");
        var second = await harness.NextSessionAsync();
        var report = await second.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_completed"));
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-d"));
        });
    }

    [Test]
    public async Task AReportNeverConfirmedBeforeTheConnectionDropsIsSentAgainAfterReconnectAndCounted()
    {
        await using var harness = await BridgeHarness.StartAsync();
        using var metrics = new MetricsRecorder(harness.Metrics);
        var first = await harness.NextSessionAsync();
        await first.SendJsonAsync(OzMessages.Assignment("task-u"));
        await first.ReceiveOfTypeAsync("task_claimed");
        var key = ObjectKey.Of(harness.TaskOf("task-u")!);
        first.StopReadingAfter("task_completed");

        harness.Cluster.SetStatus(key, AgentTaskPhase.Succeeded, message: "done");
        var sent = await first.ReceiveOfTypeAsync("task_completed");
        first.Drop();
        await first.Ended;
        var unconfirmed = harness.Cluster.Get(key)!.Status!.ReportedToOz;
        var second = await harness.NextSessionAsync();
        var resent = await second.ReceiveOfTypeAsync("task_completed");
        await Eventually.Until(() => harness.Cluster.Get(key)!.Status!.ReportedToOz == true, "reportedToOz set once the second send is confirmed");

        Assert.Multiple(() =>
        {
            Assert.That(unconfirmed, Is.Not.True, "the first send, read but never confirmed, is not recorded as delivered");
            Assert.That(resent.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-u"));
            Assert.That(resent.GetProperty("data").ToString(), Is.EqualTo(sent.GetProperty("data").ToString()), "the same terminal state again");
            Assert.That(metrics.Sum(OzMetrics.ReportResendsName, "type", "task_completed"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task FailedStatusWriteIsRetriedWithoutSendingTheReportTwice()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-w"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var key = ObjectKey.Of(harness.TaskOf("task-w")!);
        harness.Cluster.FailNextMarkReported(2);

        harness.Cluster.SetStatus(key, AgentTaskPhase.Succeeded);
        await session.ReceiveOfTypeAsync("task_completed");
        await Eventually.Until(() => harness.Cluster.Get(key)!.Status!.ReportedToOz == true, "reportedToOz set after retries");

        Assert.That(await harness.SentUntilSettledAsync(session), Is.Empty);
    }

    [Test]
    public async Task NonTerminalTaskIsNotReported()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-n"));
        await session.ReceiveOfTypeAsync("task_claimed");

        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-n")!), AgentTaskPhase.Running);

        Assert.That(await harness.SentUntilSettledAsync(session), Is.Empty);
    }

    private static AgentTask FinishedTask(string taskId, AgentTaskPhase phase, FailureReason? reason, int? exitCode) => new AgentTask
    {
        Metadata = new V1ObjectMeta { Name = "oz-" + taskId, NamespaceProperty = BridgeHarness.Namespace },
        Spec = new AgentTaskSpec { ExecutionId = taskId },
        Status = new AgentTaskStatus { Phase = phase, Reason = reason, ExitCode = exitCode },
    }.ClaimedBy(taskId, BridgeHarness.WorkerId);

    private static string? Optional(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) ? value.GetString() : null;
}
