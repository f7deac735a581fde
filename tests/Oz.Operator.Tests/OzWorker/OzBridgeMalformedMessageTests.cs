namespace Oz.Operator.Tests.OzWorker;

/// <summary>Whatever the server sends, the bridge stays connected; assignments it cannot run are rejected when their id is known.</summary>
public sealed class OzBridgeMalformedMessageTests
{
    public sealed record MalformedCase(string Name, string Json, string? RejectedTaskId)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<MalformedCase> Cases =>
    [
        new("not JSON", "{not json", null),
        new("empty frame", "", null),
        new("JSON array", "[1,2,3]", null),
        new("JSON number", "42", null),
        new("no type", """{"data":{"task_id":"t-notype"}}""", "t-notype"),
        new("type is a number", """{"type":5,"data":{"task_id":"t-numtype"}}""", "t-numtype"),
        new("assignment without data", """{"type":"task_assignment"}""", null),
        new("assignment with null data", """{"type":"task_assignment","data":null}""", null),
        new("assignment with string data", """{"type":"task_assignment","data":"task-1"}""", null),
        new("assignment without task", Assign("t-notask", d => d.Remove("task")), "t-notask"),
        new("assignment with null task", Assign("t-nulltask", d => d["task"] = null), "t-nulltask"),
        new("task is a string", Assign("t-strtask", d => d["task"] = "t-strtask"), "t-strtask"),
        new("no ids anywhere", Assign("t-x", d => { d.Remove("task_id"); d["task"]!.AsObject().Remove("id"); }), null),
        new("task id is a number", Assign("t-y", d => { d["task_id"] = 123; d["task"]!["id"] = 123; }), "123"),
        new("task_id and task.id differ", Assign("t-a", d => d["task"]!["id"] = "t-b"), "t-a"),
        new("env_vars is an array", Assign("t-envarr", d => d["env_vars"] = new JsonArray("A=1")), "t-envarr"),
        new("env var value is a number", Assign("t-envnum", d => d["env_vars"] = new JsonObject { ["A"] = 1 }), "t-envnum"),
        new("vcpus is text", Assign("t-cpu", d => d["instance_shape"] = new JsonObject { ["vcpus"] = "lots" }), "t-cpu"),
        new("additional_sidecars is an object", Assign("t-sc", d => d["additional_sidecars"] = new JsonObject()), "t-sc"),
        new("sidecar without mount path", Assign("t-scm", d => d["additional_sidecars"] = new JsonArray(new JsonObject { ["image"] = "x" })), "t-scm"),
        new("sidecar over the workspace", Assign("t-scw", d => d["additional_sidecars"] = new JsonArray(new JsonObject { ["image"] = "x", ["mount_path"] = "/workspace" })), "t-scw"),
        new("no sidecar image", Assign("t-nosc", d => d.Remove("sidecar_image")), "t-nosc"),
        new("additional_oz_args holds numbers", Assign("t-args", d => d["additional_oz_args"] = new JsonArray(1, 2)), "t-args"),
        new("snapshot is a list", Assign("t-snap", d => d["task"]!["agent_config_snapshot"] = new JsonArray()), "t-snap"),
        new("unknown type with a task id", """{"type":"task_progress","data":{"task_id":"t-unknown"}}""", null),
        new("heartbeat", """{"type":"heartbeat","data":{}}""", null),
        new("cancellation without data", """{"type":"task_cancellation"}""", null),
        new("cancellation without task id", """{"type":"task_cancellation","data":{}}""", null),
        new("cancellation of an unknown task", """{"type":"task_cancellation","data":{"task_id":"ghost"}}""", null),
        new("deeply nested JSON", new string('[', 500) + new string(']', 500), null),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task MalformedMessageNeverBreaksTheConnection(MalformedCase c)
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(c.Json);
        await session.SendJsonAsync(OzMessages.Assignment("task-ok"));
        var first = await session.ReceiveAsync();
        if (c.RejectedTaskId is not null)
        {
            Assert.Multiple(() =>
            {
                Assert.That(first.GetProperty("type").GetString(), Is.EqualTo("task_rejected"));
                Assert.That(first.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo(c.RejectedTaskId));
            });
            first = await session.ReceiveAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("type").GetString(), Is.EqualTo("task_claimed"), "the next assignment is served on the same connection");
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1));
            Assert.That(harness.Cluster.List().Select(t => t.Spec.TaskId), Is.EqualTo(new[] { "task-ok" }));
            Assert.That(harness.Running!.IsCompleted, Is.False);
        });
    }

    [Test]
    public async Task BinaryFrameIsDroppedAndTheConnectionStays()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendBinaryAsync([1, 2, 3]);
        await session.SendJsonAsync(OzMessages.Assignment("task-ok"));

        Assert.That((await session.ReceiveAsync()).GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
    }

    [Test]
    public async Task OversizedAssignmentIsRejectedByItsTaskIdAndTheConnectionStays()
    {
        var connection = BridgeHarness.FastConnection with { MaxMessageBytes = 64 * 1024 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection);
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-big", change: d => d["task"]!["title"] = new string('t', 200 * 1024)));
        await session.SendJsonAsync(OzMessages.Assignment("task-ok"));

        var rejection = await session.ReceiveAsync();
        var claim = await session.ReceiveAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rejection.GetProperty("type").GetString(), Is.EqualTo("task_rejected"));
            Assert.That(rejection.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-big"));
            Assert.That(claim.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-ok"));
            Assert.That(harness.Cluster.List().Select(t => t.Spec.TaskId), Is.EqualTo(new[] { "task-ok" }), "the oversized task is never run");
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1), "rejected on the same connection, not by reconnecting");
        });
    }

    [Test]
    public async Task OversizedAssignmentSentAgainIsRejectedAgainAndNeverRun()
    {
        // The rejection is the answer that ends Oz's re-sends; a server that re-sends anyway gets the same answer each time.
        var connection = BridgeHarness.FastConnection with { MaxMessageBytes = 64 * 1024 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection);
        var session = await harness.NextSessionAsync();
        var big = OzMessages.Assignment("task-big", change: d => d["task"]!["title"] = new string('t', 200 * 1024));

        await session.SendJsonAsync(big);
        var first = await session.ReceiveOfTypeAsync("task_rejected");
        await session.SendJsonAsync(big);
        var second = await session.ReceiveOfTypeAsync("task_rejected");

        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-big"));
            Assert.That(second.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-big"));
            Assert.That(harness.Cluster.List(), Is.Empty);
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task OversizedMessageWithoutATaskIdClosesTheConnectionInsteadOfVanishing()
    {
        var connection = BridgeHarness.FastConnection with { MaxMessageBytes = 64 * 1024 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection);
        var first = await harness.NextSessionAsync();

        await first.SendJsonAsync("{\"type\":\"task_assignment\",\"data\":{\"pad\":\"" + new string('p', 200 * 1024) + "\"}}");
        await first.Ended;

        Assert.Multiple(async () =>
        {
            Assert.That(first.ClosedByWorkerWith, Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig), "closed with 1009, which the server can see");
            Assert.That(await harness.NextSessionAsync(), Is.Not.Null, "the worker reconnects");
            Assert.That(harness.Delays, Is.Not.Empty, "the reconnect waits its backoff: a server re-sending the message cannot spin the worker");
            Assert.That(harness.Cluster.List(), Is.Empty);
        });
    }

    [Test]
    public async Task MalformedMessageAboutARunningTaskDoesNotRejectIt()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-run"));
        await session.ReceiveOfTypeAsync("task_claimed");

        // A rejection would re-queue a task that is running here.
        await session.SendJsonAsync(Assign("task-run", d => d.Remove("task")));

        Assert.That(await harness.SentUntilSettledAsync(session), Is.Empty);
    }

    private static string Assign(string taskId, Action<JsonObject> change) => OzMessages.Assignment(taskId, change: change);
}
