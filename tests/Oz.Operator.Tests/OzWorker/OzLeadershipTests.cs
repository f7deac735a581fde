using Oz.Operator.Kubernetes.Election;
using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Reporting;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Only the replica holding the Lease (on the simulator) connects to Oz; a standby takes over when the leader goes.</summary>
public sealed class OzLeadershipTests
{
    [Test]
    public async Task StandbyReplicaNeverConnectsUntilTheLeaderStops()
    {
        await using var sim = await KubeSimServer.StartAsync(new KubeSimOptions());
        await using var oz = await FakeOzServer.StartAsync();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        var options = new OperatorOptions { WorkerId = "ha-worker", Oz = new OzOptions { WebSocketUrl = oz.Url } };
        var a = Replica.Start("replica-a", sim, options, loggers);
        var b = Replica.Start("replica-b", sim, options, loggers);
        try
        {
            await oz.NextSessionAsync();
            await Eventually.Until(() => a.Election.IsLeader || b.Election.IsLeader, "a leader elected");
            var (leader, standby) = a.Election.IsLeader ? (a, b) : (b, a);
            // The standby has read the Lease and seen it held: it campaigns, and does not connect.
            await Eventually.Until(() => standby.Election.Leader == leader.Election.Identity, "the standby to see the leader");
            var whileLeading = oz.Handshakes.Count;

            await leader.StopAsync();
            await oz.NextSessionAsync(TimeSpan.FromSeconds(30));

            Assert.Multiple(() =>
            {
                Assert.That(whileLeading, Is.EqualTo(1), "one connection while one replica leads");
                Assert.That(standby.Election.IsLeader, Is.True);
                Assert.That(oz.Handshakes, Has.Count.EqualTo(2));
            });
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
        }
    }

    private sealed class Replica
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;
        private OzMetrics _metrics = new();

        private Replica(LeaderElection election) => Election = election;

        public LeaderElection Election { get; }

        public static Replica Start(string identity, KubeSimServer sim, OperatorOptions options, ILoggerFactory loggers)
        {
            var election = new LeaderElection(
                sim.CreateClient(),
                new LeaderElectionSettings
                {
                    Identity = identity,
                    LeaseDuration = TimeSpan.FromSeconds(2),
                    RenewDeadline = TimeSpan.FromSeconds(1.5),
                    RetryPeriod = TimeSpan.FromMilliseconds(200),
                },
                loggers.CreateLogger<LeaderElection>());
            var replica = new Replica(election);
            var cluster = new InMemoryAgentTaskStore();
            var rejected = new RejectedTasks();
            var tasks = new OzMessageHandler(cluster, cluster, options, rejected, replica._metrics, loggers.CreateLogger<OzMessageHandler>());
            var reports = new OzReportController(cluster, cluster, rejected, options, BridgeHarness.FastConnection, replica._metrics, loggers);
            var bridge = new OzConnectionLoop(options, new OzCredentials("ha-key"), BridgeHarness.FastConnection, tasks, reports, cluster, replica._metrics, loggers.CreateLogger<OzConnectionLoop>());
            var token = replica._stop.Token;
            replica._run = Task.WhenAll(election.RunAsync(token), election.RunWhileLeadingAsync(bridge.RunAsync, token));
            return replica;
        }

        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            try
            {
                await _run.WaitAsync(Eventually.DefaultTimeout);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }

            _metrics.Dispose();
        }
    }
}
