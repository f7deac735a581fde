using Oz.Operator.OzWorker.Bridge;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// A rejection is the bridge's whole answer to an assignment: it leaves no AgentTask of its own
/// behind (else the gated task would fail at the gate timeout and be reported too), a redelivered
/// assignment can be created again, and a task another attempt started is never touched.
/// </summary>
public sealed class OzBridgeRejectionCleanupTests
{
    [Test]
    public async Task AFailedSecretCreateRejectsTheTaskAndLeavesNoAgentTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextSecretCreates(1);
        var session = await harness.NextSessionAsync();

        var answer = await AssignAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(answer), Is.EqualTo("task_rejected"));
            Assert.That(harness.TaskOf("task-1", "exec-1"), Is.Null);
            Assert.That(harness.Cluster.Secrets, Is.Empty);
        });
    }

    [Test]
    public async Task AFailedStartGateOpenRejectsTheTaskAndLeavesNoAgentTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextStartGateOpens(1);
        var session = await harness.NextSessionAsync();

        var answer = await AssignAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(answer), Is.EqualTo("task_rejected"));
            Assert.That(harness.TaskOf("task-1", "exec-1"), Is.Null, "its Secret is owned by it and goes with it");
        });
    }

    [Test]
    public async Task TheAssignmentRedeliveredAfterARejectionIsCreatedAgainAndClaimed()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextSecretCreates(1);
        var session = await harness.NextSessionAsync();

        await RejectedAsync(session);
        var answer = await AssignAsync(session);

        var task = harness.TaskOf("task-1", "exec-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(answer), Is.EqualTo("task_claimed"));
            Assert.That(harness.Cluster.AgentTaskCreateCalls, Is.EqualTo(2));
            Assert.That(StartGate.Of(task), Is.Null);
            Assert.That(task.Status?.ReportedToOz, Is.Not.True, "the new task's result is still owed");
            Assert.That(harness.Cluster.Secrets.Single().Metadata.OwnerReferences.Single().Uid, Is.EqualTo(task.Metadata.Uid));
        });
    }

    [Test]
    public async Task ARejectedTaskThatTheControllerCancelsWhileDeletingItIsNotReported()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var (session, terminating) = await RejectedThenCancelledAsync(harness);
        var reports = await harness.SentUntilSettledAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(terminating.Metadata.DeletionTimestamp, Is.Not.Null, "deleted, held by the controller's finalizer");
            Assert.That(reports, Is.Empty, "the rejection was the task's answer");
        });
    }

    [Test]
    public async Task ARejectedTaskIsRecordedAsAnsweredSoThatNoLaterBridgeReportsIt()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var (_, terminating) = await RejectedThenCancelledAsync(harness);

        var cancelled = harness.Cluster.Get(ObjectKey.Of(terminating))!;
        Assert.Multiple(() =>
        {
            Assert.That(cancelled.Status!.ReportedToOz, Is.True);
            Assert.That(TaskReport.IsDue(cancelled), Is.False, "a restarted or new leader's scan skips it");
        });
    }

    [Test]
    public async Task ARejectedTaskWhoseAnswerCouldNotBeRecordedIsStillNotReportedButRecordedLater()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextMarkReported(1);
        var (session, terminating) = await RejectedThenCancelledAsync(harness);
        var reports = await harness.SentUntilSettledAsync(session);
        await Eventually.Until(() => harness.TaskOf("task-1", "exec-1")?.Status?.ReportedToOz == true, "the answer recorded");

        Assert.Multiple(() =>
        {
            Assert.That(terminating.Status?.ReportedToOz, Is.Not.True, "the record failed at first");
            Assert.That(reports, Is.Empty);
        });
    }

    [Test]
    public async Task AFailedDeleteStillRejectsAndTheLeftoverFailingAtItsGateIsNotReported()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextSecretCreates(1);
        harness.Cluster.FailNextAgentTaskDeletes(1);
        var session = await harness.NextSessionAsync();

        var answer = await AssignAsync(session);
        var leftover = harness.TaskOf("task-1", "exec-1")!;
        harness.Cluster.SetStatus(ObjectKey.Of(leftover), AgentTaskPhase.Failed, FailureReason.ContainerCreate, message: "gate timeout");
        var reports = await harness.SentUntilSettledAsync(session);

        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(answer), Is.EqualTo("task_rejected"));
            Assert.That(StartGate.Of(leftover), Is.EqualTo(StartGate.EnvSecret), "still held back: no Job without its Secret");
            Assert.That(reports, Is.Empty, "no task_failed for a task that was rejected");
        });
    }

    [Test]
    public async Task ARedeliveryMeetingTheLeftoverOfAFailedDeleteRemovesItAndRejectsUntilItIsGone()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextSecretCreates(1);
        harness.Cluster.FailNextAgentTaskDeletes(1);
        var session = await harness.NextSessionAsync();

        await RejectedAsync(session);
        var leftover = harness.TaskOf("task-1", "exec-1")!;
        var second = await AssignAsync(session);
        var afterSecond = harness.TaskOf("task-1", "exec-1");
        var third = await AssignAsync(session);

        var task = harness.TaskOf("task-1", "exec-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(second), Is.EqualTo("task_rejected"), "the leftover was answered already: it is not claimed");
            Assert.That(afterSecond, Is.Null);
            Assert.That(TypeOf(third), Is.EqualTo("task_claimed"));
            Assert.That(task.Metadata.Uid, Is.Not.EqualTo(leftover.Metadata.Uid));
            Assert.That(task.Status?.ReportedToOz, Is.Not.True);
            Assert.That(StartGate.Of(task), Is.Null);
        });
    }

    [Test]
    public async Task ARedeliveryMeetingAnUnrecordedLeftoverStillDoesNotClaimItAndTheNewTaskIsReported()
    {
        await using var harness = await BridgeHarness.StartAsync();
        harness.Cluster.FailNextSecretCreates(1);
        harness.Cluster.FailNextMarkReported(1);
        harness.Cluster.FailNextAgentTaskDeletes(1);
        var session = await harness.NextSessionAsync();

        await RejectedAsync(session);
        var leftover = harness.TaskOf("task-1", "exec-1")!;
        var second = await AssignAsync(session);
        var third = await AssignAsync(session);
        var task = harness.TaskOf("task-1", "exec-1")!;
        harness.Cluster.SetStatus(ObjectKey.Of(task), AgentTaskPhase.Succeeded);
        var report = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(leftover.Status?.ReportedToOz, Is.Not.True, "neither recorded nor deleted");
            Assert.That(TypeOf(second), Is.EqualTo("task_rejected"));
            Assert.That(TypeOf(third), Is.EqualTo("task_claimed"));
            Assert.That(task.Metadata.Uid, Is.Not.EqualTo(leftover.Metadata.Uid));
            Assert.That(TypeOf(report), Is.EqualTo("task_completed"), "the claimed task's result is reported");
        });
    }

    [Test]
    public async Task ARedeliveryWhileTheRejectedTaskIsStillBeingDeletedIsRejectedWithoutTouchingIt()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var (session, terminating) = await RejectedAndHeldAsync(harness);
        var second = await AssignAsync(session);
        var secretsAfterSecond = harness.Cluster.Secrets.Count;
        harness.Cluster.FinishDeletion(ObjectKey.Of(terminating));
        var third = await AssignAsync(session);

        var task = harness.TaskOf("task-1", "exec-1")!;
        Assert.Multiple(() =>
        {
            Assert.That(TypeOf(second), Is.EqualTo("task_rejected"));
            Assert.That(secretsAfterSecond, Is.Zero, "no Secret for a task on its way out");
            Assert.That(harness.Cluster.AgentTaskDeletes, Is.EqualTo(1));
            Assert.That(TypeOf(third), Is.EqualTo("task_claimed"));
            Assert.That(task.Metadata.Uid, Is.Not.EqualTo(terminating.Metadata.Uid));
            Assert.That(task.Metadata.DeletionTimestamp, Is.Null);
        });
    }

    [Test]
    public async Task AFailedSecretCreateNeverDeletesATaskAnEarlierAttemptStarted()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var running = harness.TaskOf("task-1", "exec-1")!;
        harness.Cluster.SetStatus(ObjectKey.Of(running), AgentTaskPhase.Running);
        harness.Cluster.FailNextSecretCreates(1);

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveAsync();

        var task = harness.TaskOf("task-1", "exec-1");
        Assert.Multiple(() =>
        {
            Assert.That(task?.Metadata.Uid, Is.EqualTo(running.Metadata.Uid));
            Assert.That(task?.Status?.ReportedToOz, Is.Not.True, "its result is still owed");
            Assert.That(harness.Cluster.AgentTaskDeletes, Is.Zero);
        });
    }

    private static string? TypeOf(JsonElement message) => message.GetProperty("type").GetString();

    /// <summary>Sends the assignment of task-1 (execution exec-1) and returns the bridge's answer.</summary>
    private static async Task<JsonElement> AssignAsync(FakeOzSession session)
    {
        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        return await session.ReceiveAsync();
    }

    /// <summary>
    /// task-1 is rejected (its Secret cannot be created) and deleted, but held by the controller's
    /// finalizer: returns the session and the terminating task.
    /// </summary>
    private static async Task<(FakeOzSession Session, AgentTask Terminating)> RejectedAndHeldAsync(BridgeHarness harness)
    {
        harness.Cluster.FinalizeCreatedTasks = true;
        harness.Cluster.FailNextSecretCreates(1);
        var session = await harness.NextSessionAsync();
        await RejectedAsync(session);
        return (session, harness.TaskOf("task-1", "exec-1")!);
    }

    /// <summary>As <see cref="RejectedAndHeldAsync"/>, and the controller then cancels the terminating task.</summary>
    private static async Task<(FakeOzSession Session, AgentTask Terminating)> RejectedThenCancelledAsync(BridgeHarness harness)
    {
        var (session, terminating) = await RejectedAndHeldAsync(harness);
        harness.Cluster.SetStatus(ObjectKey.Of(terminating), AgentTaskPhase.Cancelled, FailureReason.Cancelled);
        return (session, terminating);
    }

    /// <summary>Sends the assignment of task-1 (execution exec-1) and waits for its rejection.</summary>
    private static async Task RejectedAsync(FakeOzSession session)
    {
        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveOfTypeAsync("task_rejected");
    }
}
