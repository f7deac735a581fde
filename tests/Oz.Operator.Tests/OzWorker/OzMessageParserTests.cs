using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

public sealed class OzMessageParserTests
{
    [Test]
    public void AssignmentIsParsedWithEveryField()
    {
        var json = OzMessages.Assignment("t-1", "e-1", d =>
        {
            d["additional_sidecars"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["image"] = "tools:1", ["mount_path"] = "/tools", ["read_write"] = true });
            d["additional_oz_args"] = new System.Text.Json.Nodes.JsonArray("--skip-initial-turn");
            d["instance_shape"] = new System.Text.Json.Nodes.JsonObject { ["vcpus"] = 0.5, ["memory_gb"] = 1.5 };
        });

        var message = (AssignmentMessage)OzMessageParser.Parse(json);
        var a = message.Assignment;

        Assert.Multiple(() =>
        {
            Assert.That(message.TaskId, Is.EqualTo("t-1"));
            Assert.That(a.ExecutionId, Is.EqualTo("e-1"));
            Assert.That(a.Task!.Title, Is.EqualTo("Title of t-1"));
            Assert.That(a.Task.TaskDefinition!.Prompt, Is.EqualTo("do the thing"));
            Assert.That(a.Task.CreatedAt, Is.EqualTo("2026-11-23T09:00:00Z"));
            Assert.That(a.Task.Owner!.Type, Is.EqualTo("USER"));
            Assert.That(a.Task.Owner.Id, Is.EqualTo("42"));
            Assert.That(a.Task.AgentConfigSnapshot!.ModelId, Is.EqualTo("m-1"));
            Assert.That(a.DockerImage, Is.EqualTo("ghcr.io/acme/env:1"));
            Assert.That(a.SidecarImage, Is.EqualTo(OzMessages.SidecarImage));
            Assert.That(a.EnvVars!["GITHUB_TOKEN"], Is.EqualTo("ghp-secret-token"));
            Assert.That(a.AdditionalSidecars!.Single(), Is.EqualTo(new AdditionalSidecar { Image = "tools:1", MountPath = "/tools", ReadWrite = true }));
            Assert.That(a.AdditionalOzArgs, Is.EqualTo(new[] { "--skip-initial-turn" }));
            Assert.That(a.InstanceShape, Is.EqualTo(new InstanceShape { Vcpus = 0.5, MemoryGb = 1.5 }));
        });
    }

    [Test]
    public void OwnerInTheGoEncodersCapitalisedFormIsRead()
    {
        var json = OzMessages.Assignment("t-1", change: d => d["task"]!["owner"] = new System.Text.Json.Nodes.JsonObject { ["Type"] = "TEAM", ["Id"] = 7 });

        var owner = ((AssignmentMessage)OzMessageParser.Parse(json)).Assignment.Task!.Owner!;

        Assert.Multiple(() =>
        {
            Assert.That(owner.IsTeam, Is.True);
            Assert.That(owner.Id, Is.EqualTo("7"));
        });
    }

    [Test]
    public void MissingTaskIdIsTakenFromTheTask()
    {
        var json = OzMessages.Assignment("t-1", change: d => d.Remove("task_id"));

        Assert.That(((AssignmentMessage)OzMessageParser.Parse(json)).TaskId, Is.EqualTo("t-1"));
    }

    [Test]
    public void EmptyExecutionIdMeansTheTaskId()
    {
        var message = (AssignmentMessage)OzMessageParser.Parse(OzMessages.Assignment("t-1", ""));

        Assert.That(message.Assignment.EffectiveExecutionId, Is.EqualTo("t-1"));
    }

    [Test]
    public void CancellationIsParsed() =>
        Assert.That(OzMessageParser.Parse(OzMessages.Cancellation("t-9")), Is.EqualTo(new CancellationMessage("t-9")));

    [Test]
    public void UnknownTypeIsReportedAsUnknown() =>
        Assert.That(OzMessageParser.Parse("""{"type":"future_thing","data":{}}"""), Is.EqualTo(new UnknownMessage("future_thing")));

    [TestCase("{", null)]
    [TestCase("null", null)]
    [TestCase("\"task_assignment\"", null)]
    [TestCase("""{"type":"task_assignment","data":{"task_id":"t-1"}}""", "t-1")]
    [TestCase("""{"type":"task_assignment","data":{"task":{"id":"t-2","title":5}}}""", "t-2")]
    [TestCase("""{"type":"task_assignment","data":{"task_id":77,"task":{"id":77}}}""", "77")]
    [TestCase("""{"type":"task_assignment","data":{"task_id":"  ","task":{"id":""}}}""", null)]
    [TestCase("""{"type":true,"data":{"task_id":"t-3"}}""", "t-3")]
    public void MalformedInputBecomesAMalformedMessageWithTheRecoveredTaskId(string json, string? taskId)
    {
        var message = OzMessageParser.Parse(json);

        Assert.That(message, Is.TypeOf<MalformedMessage>());
        Assert.That(((MalformedMessage)message).TaskId, Is.EqualTo(taskId));
    }

    [Test]
    public void AssignmentToStringDoesNotPrintTheEnvironment()
    {
        var message = (AssignmentMessage)OzMessageParser.Parse(OzMessages.Assignment("t-1"));

        Assert.That(message.ToString(), Does.Not.Contain("ghp-secret-token"));
    }

    [Test]
    public void OutgoingMessagesUseTheEnvelopeAndSnakeCase()
    {
        using var claimed = JsonDocument.Parse(new TaskClaimed("t-1", "w-1").ToJson());
        using var failed = JsonDocument.Parse(new TaskFailed("t-1", "boom", "container_exit", 137).ToJson());
        using var completed = JsonDocument.Parse(new TaskCompleted("t-1", "ok").ToJson());

        Assert.Multiple(() =>
        {
            Assert.That(claimed.RootElement.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(claimed.RootElement.GetProperty("data").GetProperty("worker_id").GetString(), Is.EqualTo("w-1"));
            Assert.That(failed.RootElement.GetProperty("data").GetProperty("failure_reason").GetString(), Is.EqualTo("container_exit"));
            Assert.That(failed.RootElement.GetProperty("data").GetProperty("exit_code").GetInt32(), Is.EqualTo(137));
            Assert.That(completed.RootElement.GetProperty("data").TryGetProperty("task_state", out _), Is.False, "absent fields are left out");
            Assert.That(completed.RootElement.GetProperty("data").TryGetProperty("type", out _), Is.False);
        });
    }
}
