using Oz.Operator.OzWorker.Mapping;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Assignments and cancellations over a real WebSocket against the fake Oz server.</summary>
public sealed class OzBridgeAssignmentTests
{
    [Test]
    public async Task ConnectsWithBearerKeyAndWorkerIdAddedToAnExistingQuery()
    {
        await using var harness = await BridgeHarness.StartAsync(urlSuffix: "?region=eu");

        var session = await harness.NextSessionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(session.Handshake.Authorization, Is.EqualTo("Bearer " + BridgeHarness.ApiKey));
            Assert.That(session.Handshake.WorkerIds, Is.EqualTo(new[] { BridgeHarness.WorkerId }));
            Assert.That(session.Handshake.Query, Does.Contain("region=eu"));
        });
    }

    [Test]
    public async Task AssignmentCreatesAgentTaskAndEnvSecretThenClaims()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        var claimed = await session.ReceiveAsync();

        var task = harness.TaskOf("task-1", "exec-1");
        var secret = harness.Cluster.Secrets.Single();
        Assert.Multiple(() =>
        {
            Assert.That(claimed.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(claimed.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-1"));
            Assert.That(claimed.GetProperty("data").GetProperty("worker_id").GetString(), Is.EqualTo(BridgeHarness.WorkerId));
            Assert.That(task, Is.Not.Null);
            Assert.That(task!.Spec.TaskId, Is.EqualTo("task-1"));
            Assert.That(task.Spec.ExecutionId, Is.EqualTo("exec-1"));
            Assert.That(task.Spec.Title, Is.EqualTo("Title of task-1"));
            Assert.That(task.Spec.EnvFrom!.Single().SecretRef.Name, Is.EqualTo(secret.Metadata.Name));
            Assert.That(secret.Metadata.Name, Is.EqualTo(task.Metadata.Name + "-env"));
            Assert.That(secret.Metadata.OwnerReferences.Single().Uid, Is.EqualTo(task.Metadata.Uid));
            Assert.That(secret.Metadata.OwnerReferences.Single().Kind, Is.EqualTo("AgentTask"));
            Assert.That(Encoding.UTF8.GetString(secret.Data["GITHUB_TOKEN"]), Is.EqualTo("ghp-secret-token"));
            Assert.That(JsonSerializer.Serialize(task), Does.Not.Contain("ghp-secret-token"), "credentials never in the AgentTask");
        });
    }

    [Test]
    public async Task FragmentedAssignmentIsReassembled()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendFragmentedAsync(OzMessages.Assignment("task-frag"), frameBytes: 7);
        var claimed = await session.ReceiveAsync();

        Assert.That(claimed.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-frag"));
    }

    [Test]
    public async Task RepeatedAssignmentCreatesNothingNewAndClaimsAgain()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-dup", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var before = harness.TaskOf("task-dup", "exec-1")!;
        await session.SendJsonAsync(OzMessages.Assignment("task-dup", "exec-1"));
        var again = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            // The server re-sends an assignment it saw no claim for, so the answer is a claim again.
            Assert.That(again.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(harness.Cluster.List(), Has.Count.EqualTo(1));
            Assert.That(harness.Cluster.Secrets, Has.Count.EqualTo(1));
            Assert.That(harness.TaskOf("task-dup", "exec-1")!.Metadata.Uid, Is.EqualTo(before.Metadata.Uid));
        });
    }

    [Test]
    public async Task SecondExecutionOfATaskGetsItsOwnAgentTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-x", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await session.SendJsonAsync(OzMessages.Assignment("task-x", "exec-2"));
        await session.ReceiveOfTypeAsync("task_claimed");

        Assert.That(harness.Cluster.List().Select(t => t.Spec.ExecutionId), Is.EquivalentTo(new[] { "exec-1", "exec-2" }));
    }

    [Test]
    public async Task AssignmentAtCapacityIsRejectedAndCreatesNothing()
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { MaxConcurrentTasks = 1 });
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-a"));
        await session.ReceiveOfTypeAsync("task_claimed");

        await session.SendJsonAsync(OzMessages.Assignment("task-b"));
        var rejected = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("type").GetString(), Is.EqualTo("task_rejected"));
            Assert.That(rejected.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-b"));
            Assert.That(rejected.GetProperty("data").GetProperty("reason").GetString(), Is.EqualTo("worker at maximum concurrency"));
            Assert.That(harness.TaskOf("task-b"), Is.Null);
        });
    }

    [Test]
    public async Task TerminalTasksDoNotCountTowardsCapacity()
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { MaxConcurrentTasks = 1 });
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-a"));
        await session.ReceiveOfTypeAsync("task_claimed");
        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-a")!), AgentTaskPhase.Succeeded);
        await session.ReceiveOfTypeAsync("task_completed");

        await session.SendJsonAsync(OzMessages.Assignment("task-b"));
        var answer = await session.ReceiveAsync();

        Assert.That(answer.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
    }

    [Test]
    public async Task RepeatedAssignmentAtCapacityIsStillClaimed()
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { MaxConcurrentTasks = 1 });
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-a"));
        await session.ReceiveOfTypeAsync("task_claimed");

        await session.SendJsonAsync(OzMessages.Assignment("task-a"));
        var answer = await session.ReceiveAsync();

        Assert.That(answer.GetProperty("type").GetString(), Is.EqualTo("task_claimed"), "the task already counts; claiming it again adds nothing");
    }

    [Test]
    public async Task ClusterErrorWhileCreatingRejectsAndTheResentAssignmentSucceeds()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        harness.Cluster.FailNextAgentTaskCreates(1);

        await session.SendJsonAsync(OzMessages.Assignment("task-e"));
        var rejected = await session.ReceiveAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-e"));
        var claimed = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("type").GetString(), Is.EqualTo("task_rejected"));
            Assert.That(claimed.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(harness.TaskOf("task-e"), Is.Not.Null);
        });
    }

    [Test]
    public async Task AssignmentWithoutEnvVarsCreatesNoSecret()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-noenv", change: d => d.Remove("env_vars")));
        await session.ReceiveOfTypeAsync("task_claimed");

        Assert.Multiple(() =>
        {
            Assert.That(harness.Cluster.Secrets, Is.Empty);
            Assert.That(harness.TaskOf("task-noenv")!.Spec.EnvFrom, Is.Null);
        });
    }

    [Test]
    public async Task CancellationSetsSpecCancelOnTheTasksAgentTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-c", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");

        await session.SendJsonAsync(OzMessages.Cancellation("task-c"));

        await Eventually.Until(() => harness.TaskOf("task-c", "exec-1")?.Spec.Cancel == true, "spec.cancel set");
    }

    [Test]
    public async Task CancellationOfAnUnknownTaskIsLoggedAndTheConnectionStays()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Cancellation("no-such-task"));
        await Eventually.Until(() => harness.Logs.AllText.Contains("no-such-task", StringComparison.Ordinal), "the unknown cancellation logged");
        await session.SendJsonAsync(OzMessages.Assignment("task-after"));
        var claimed = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(claimed.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1), "same connection");
        });
    }

    [Test]
    public async Task CancellationDoesNotTouchAFinishedTask()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-f"));
        await session.ReceiveOfTypeAsync("task_claimed");
        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-f")!), AgentTaskPhase.Succeeded);
        await session.ReceiveOfTypeAsync("task_completed");

        await session.SendJsonAsync(OzMessages.Cancellation("task-f"));
        await Eventually.Until(() => harness.Logs.AllText.Contains("already finished", StringComparison.Ordinal), "the skip logged");

        Assert.That(harness.TaskOf("task-f")!.Spec.Cancel, Is.Null);
    }

    [Test]
    public async Task AgentTaskNameAndLabelsCarryBothIds()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("Task_ID/1", "Exec:2"));
        await session.ReceiveOfTypeAsync("task_claimed");

        var task = harness.Cluster.List().Single();
        Assert.Multiple(() =>
        {
            Assert.That(task.Metadata.Name, Is.EqualTo(OzTaskNames.AgentTaskName("Task_ID/1", "Exec:2")));
            Assert.That(task.Metadata.Annotations[TaskLabels.Annotations.TaskId], Is.EqualTo("Task_ID/1"));
            Assert.That(task.Metadata.Annotations[TaskLabels.Annotations.ExecutionId], Is.EqualTo("Exec:2"));
            Assert.That(task.Metadata.Labels[TaskLabels.TaskIdHash], Is.EqualTo(KubernetesNames.LabelHash("Task_ID/1")));
            Assert.That(task.Metadata.Labels[TaskLabels.ExecutionIdHash], Is.EqualTo(KubernetesNames.LabelHash("Exec:2")));
        });
    }
}
