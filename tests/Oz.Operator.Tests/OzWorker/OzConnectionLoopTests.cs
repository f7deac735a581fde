using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Connection life: backoff, liveness, leadership, standalone mode, secrecy of the key.</summary>
public sealed class OzConnectionLoopTests
{
    [Test]
    public async Task ReconnectDelaysDoubleUpToTheCapAndResetAfterASuccessfulConnect()
    {
        var connection = BridgeHarness.FastConnection with { ReconnectJitter = 0 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection, start: false);
        harness.Server.RejectNextConnections(6);

        harness.Start();
        var session = await harness.NextSessionAsync();
        session.Drop();
        await harness.NextSessionAsync();

        var ms = harness.Delays.Select(d => d.TotalMilliseconds).ToArray();
        Assert.That(ms, Is.EqualTo(new double[] { 10, 20, 40, 80, 160, 160, 10 }));
    }

    [Test]
    public async Task JitterOnlyShortensDelays()
    {
        var connection = BridgeHarness.FastConnection with { ReconnectJitter = 0.5 };
        await using var harness = await BridgeHarness.StartAsync(connection: connection, start: false);
        harness.Server.RejectNextConnections(4);

        harness.Start();
        await harness.NextSessionAsync();

        var ms = harness.Delays.Select(d => d.TotalMilliseconds).ToArray();
        double[] bases = [10, 20, 40, 80];
        Assert.That(ms, Has.Length.EqualTo(4));
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.That(ms[i], Is.InRange(bases[i] * 0.5, bases[i]));
        }
    }

    [Test]
    public async Task UnauthorizedHandshakeIsRetriedAndCountedAsConnectFailed()
    {
        await using var harness = await BridgeHarness.StartAsync(start: false);
        harness.Server.RejectStatus = HttpStatusCode.Unauthorized;
        harness.Server.RejectNextConnections(2);
        using var metrics = new MetricsRecorder(harness.Metrics);

        harness.Start();
        await harness.NextSessionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Sum("oz_operator_oz_reconnects_total", "reason", DisconnectReasons.ConnectFailed), Is.EqualTo(2));
            Assert.That(harness.Logs.AllText, Does.Contain("401"));
        });
    }

    [Test]
    public async Task SilentServerIsDeclaredDeadAfterTheTimeoutAndReconnected()
    {
        var connection = BridgeHarness.FastConnection with
        {
            PingInterval = TimeSpan.FromMilliseconds(100),
            DeadAfterSilence = TimeSpan.FromMilliseconds(300),
        };
        await using var harness = await BridgeHarness.StartAsync(connection: connection, start: false);
        harness.Server.MakeNextConnectionSilent();
        using var metrics = new MetricsRecorder(harness.Metrics);

        harness.Start();
        var silent = await harness.NextSessionAsync();
        var next = await harness.NextSessionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(next, Is.Not.SameAs(silent));
            Assert.That(metrics.Sum("oz_operator_oz_reconnects_total", "reason", DisconnectReasons.KeepAliveTimeout), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ResponsiveServerStaysConnectedAcrossManyPingIntervals()
    {
        var connection = BridgeHarness.FastConnection with
        {
            // Pings every 100 ms; without pongs the connection would die at 3 s, well inside the 4 s wait.
            // (Widened from 1.5 s: a loaded 2-core machine can hold one pong back for over a second,
            // which is not what this test is about.)
            PingInterval = TimeSpan.FromMilliseconds(100),
            DeadAfterSilence = TimeSpan.FromSeconds(3),
        };
        await using var harness = await BridgeHarness.StartAsync(connection: connection);
        var session = await harness.NextSessionAsync();

        // The sleep is the behaviour under test: the connection must outlive the silence limit.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await session.SendJsonAsync(OzMessages.Assignment("task-alive"));
        await session.ReceiveOfTypeAsync("task_claimed");

        Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ServerCloseLeadsToAReconnect()
    {
        await using var harness = await BridgeHarness.StartAsync();
        using var metrics = new MetricsRecorder(harness.Metrics);
        var first = await harness.NextSessionAsync();

        await first.CloseAsync();
        await harness.NextSessionAsync();

        Assert.That(metrics.Sum("oz_operator_oz_reconnects_total", "reason", DisconnectReasons.ServerClosed), Is.EqualTo(1));
    }

    [Test]
    public async Task LosingLeadershipClosesTheConnectionAndStops()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await Eventually.Until(() => harness.Metrics.Connected, "connected");

        await harness.Leadership.CancelAsync();
        await harness.Running!.WaitAsync(Eventually.DefaultTimeout);
        await session.Ended.WaitAsync(Eventually.DefaultTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Metrics.Connected, Is.False);
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1), "no reconnect after losing the lease");
        });
    }

    [Test]
    public async Task WithoutAnApiKeyTheBridgeNeverConnectsAndSaysSoOnce()
    {
        await using var harness = await BridgeHarness.StartAsync(withApiKey: false, start: false);

        await harness.Bridge.RunAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);
        await harness.Bridge.RunAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Bridge.Enabled, Is.False);
            Assert.That(harness.Server.Handshakes, Is.Empty);
            Assert.That(harness.Logs.Lines.Count(l => l.Contains("standalone", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [TestCase("")]
    [TestCase("warp-worker")]
    [TestCase("WARP1")]
    public async Task ReservedOrEmptyWorkerIdNeverConnects(string workerId)
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { WorkerId = workerId }, start: false);

        await harness.Bridge.RunAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.That(harness.Server.Handshakes, Is.Empty);
    }

    [Test]
    public async Task InvalidWebSocketUrlIsLoggedAndNeverConnects()
    {
        await using var harness = await BridgeHarness.StartAsync(o => o with { Oz = o.Oz with { WebSocketUrl = "not a url" } }, start: false);

        await harness.Bridge.RunAsync(CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Server.Handshakes, Is.Empty);
            Assert.That(harness.Logs.AllText, Does.Contain("invalid"));
        });
    }

    [Test]
    public async Task UnexpectedErrorHandlingOneMessageKeepsTheConnection()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        harness.Cluster.FailNextCacheGets(1);

        await session.SendJsonAsync(OzMessages.Assignment("task-bug"));
        await Eventually.Until(() => harness.Logs.AllText.Contains("injected cache failure", StringComparison.Ordinal), "the error logged");
        await session.SendJsonAsync(OzMessages.Assignment("task-bug"));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await session.ReceiveAsync()).GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(harness.Server.Handshakes, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task NoConnectionBeforeTheAgentTaskCacheHasSynced()
    {
        await using var harness = await BridgeHarness.StartAsync(start: false);
        harness.Cluster.HasSynced = false;

        harness.Start();
        // The bridge polls the cache before it connects: a few polls that saw it unsynced mean it is waiting.
        var polled = harness.Cluster.HasSyncedReads;
        await Eventually.Until(() => harness.Cluster.HasSyncedReads >= polled + 3, "the bridge to poll the unsynced cache");
        var before = harness.Server.Handshakes.Count;
        harness.Cluster.HasSynced = true;
        await harness.NextSessionAsync();

        Assert.That(before, Is.Zero);
    }

    [Test]
    public async Task TheApiKeyNeverAppearsInLogs()
    {
        await using var harness = await BridgeHarness.StartAsync(start: false);
        harness.Server.RejectStatus = HttpStatusCode.Unauthorized;
        harness.Server.RejectNextConnections(1);
        harness.Cluster.FailNextAgentTaskCreates(1);

        harness.Start();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-log"));
        await session.ReceiveOfTypeAsync("task_rejected");
        await session.SendJsonAsync("{not json");
        session.Drop();
        await harness.NextSessionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Logs.Lines, Is.Not.Empty);
            Assert.That(harness.Logs.AllText, Does.Not.Contain(BridgeHarness.ApiKey));
            Assert.That(harness.Logs.AllText, Does.Not.Contain("ghp-secret-token"), "env values are not logged either");
            Assert.That(new OzCredentials(BridgeHarness.ApiKey).ToString(), Does.Not.Contain(BridgeHarness.ApiKey));
            Assert.That(harness.Options.ToString(), Does.Not.Contain(BridgeHarness.ApiKey));
        });
    }

    [Test]
    public async Task AWriteThatCannotCompleteInTimeKillsTheConnection()
    {
        await using var server = await FakeOzServer.StartAsync();
        server.MakeNextConnectionSilent();
        var options = new OzConnectionOptions { WriteTimeout = TimeSpan.FromMilliseconds(300), PingInterval = TimeSpan.Zero };
        await using var connection = await OzConnection.ConnectAsync(
            OzWebSocketUri.Build(server.Url, "w"),
            new OzCredentials("k"),
            options,
            NullLogger.Instance,
            CancellationToken.None);

        // The server never reads, so once the TCP buffers are full a large write blocks.
        var huge = new string('x', 64 * 1024 * 1024);
        var error = Assert.ThrowsAsync<OzConnectionLostException>(() => connection.SendAsync(huge, CancellationToken.None).WaitAsync(Eventually.DefaultTimeout));

        Assert.That(error!.Reason, Is.EqualTo(DisconnectReasons.WriteTimeout));
    }

    [Test]
    public async Task ConnectedToOzThenListeningForTasksIsLoggedOnceTheSessionIsReady()
    {
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        // An assignment is handled only once the session runs, so its claim proves the log line is written.
        await session.SendJsonAsync(OzMessages.Assignment("task-1", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");

        var lines = harness.Logs.Lines.ToList();
        var connected = lines.FindIndex(l => l.Contains("Connected to Oz", StringComparison.Ordinal));
        var listening = lines.FindIndex(l => l.Contains("Listening for tasks", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(connected, Is.GreaterThanOrEqualTo(0));
            Assert.That(listening, Is.GreaterThan(connected));
        });
    }
}
