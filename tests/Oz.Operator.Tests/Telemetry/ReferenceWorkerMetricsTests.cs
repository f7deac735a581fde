using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.Telemetry.Metrics;
using static Oz.Operator.Tests.Telemetry.TaskObjects;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>
/// The reference worker's metrics (oz_worker_*) on the real /metrics endpoint, with the names,
/// Prometheus types and labels of oz-agent-worker, so its dashboards and alerts keep working.
/// </summary>
[NonParallelizable]
public sealed class ReferenceWorkerMetricsTests
{
    private TelemetryHost host = null!;

    [SetUp]
    public async Task SetUp() => host = await TelemetryHost.StartAsync(workerId: "worker-7");

    [TearDown]
    public async Task TearDown() => await host.DisposeAsync();

    [Test]
    public async Task EveryReferenceSeriesIsPrimedBeforeAnyTaskWithTheReferenceTypes()
    {
        using var oz = new OzMetrics();

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value(ReferenceWorkerMetrics.ConnectedName), Is.Zero);
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksClaimedName), Is.Zero);
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksRejectedName, "reason=at_capacity"), Is.Zero);
            Assert.That(scrape.Value(ReferenceWorkerMetrics.WebSocketReconnectsName, "reason=dial_failed"), Is.Zero);
            Assert.That(scrape.Value(ReferenceWorkerMetrics.WebSocketReconnectsName, "reason=remote_close"), Is.Zero);
            foreach (var result in new[] { "succeeded", "failed", "cancelled", "dispatched" })
            {
                Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksCompletedName, $"result={result}"), Is.Zero, result);
            }

            Assert.That(scrape.Named(ReferenceWorkerMetrics.TaskFailuresName).Count(), Is.EqualTo(3 * 26));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TaskFailuresName, "phase=backend", "reason=teardown_command"), Is.Zero);
            Assert.That(scrape.Types[ReferenceWorkerMetrics.ConnectedName], Is.EqualTo("gauge"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TasksMaxConcurrentName], Is.EqualTo("gauge"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TasksClaimedName], Is.EqualTo("counter"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TasksRejectedName], Is.EqualTo("counter"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TasksCompletedName], Is.EqualTo("counter"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TaskFailuresName], Is.EqualTo("counter"));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.WebSocketReconnectsName], Is.EqualTo("counter"));
        });
    }

    [Test]
    public async Task ConnectionClaimsRejectionsAndReconnectsCountUnderTheReferenceLabels()
    {
        using var oz = new OzMetrics();
        oz.DescribeWorker("worker-7", 4, "1.2.3");
        oz.SetConnected(true);
        oz.Assignment(AssignmentResults.Claimed);
        oz.Assignment(AssignmentResults.Claimed);
        oz.Rejected(ReferenceWorkerMetrics.RejectAtCapacity);
        oz.Reconnect(DisconnectReasons.ConnectFailed);
        oz.Reconnect(DisconnectReasons.KeepAliveTimeout);
        oz.Reconnect(DisconnectReasons.ServerClosed);

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value(ReferenceWorkerMetrics.ConnectedName), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksMaxConcurrentName), Is.EqualTo(4));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksClaimedName), Is.EqualTo(2));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksRejectedName, "reason=at_capacity"), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.WebSocketReconnectsName, "reason=dial_failed"), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.WebSocketReconnectsName, "reason=remote_close"), Is.EqualTo(2));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.InfoName, "version=1.2.3", "backend=kubernetes", "worker_id=worker-7"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OzTasksFinishingCountAsCompletedWithDurationAndFailureReason()
    {
        host.Metrics.SetLeader(true);
        var transitions = new TaskTransitionMetrics(host.Metrics, TimeProvider.System);
        var created = DateTime.UtcNow.AddSeconds(-90);
        transitions.OnUpdate(
            Task("ok", AgentTaskPhase.Running, taskId: "t-ok", created: created),
            Task("ok", AgentTaskPhase.Succeeded, taskId: "t-ok", created: created, completed: created.AddSeconds(40)));
        transitions.OnUpdate(
            Task("td", AgentTaskPhase.Running, taskId: "t-td", created: created),
            Task("td", AgentTaskPhase.Failed, FailureReason.TeardownCommand, taskId: "t-td", created: created, completed: created.AddSeconds(70)));
        transitions.OnUpdate(Task("hand", AgentTaskPhase.Running, created: created), Task("hand", AgentTaskPhase.Failed, FailureReason.ContainerExit, created: created));

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksCompletedName, "result=succeeded"), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksCompletedName, "result=failed"), Is.EqualTo(1), "a hand-made task is not the worker's");
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TaskFailuresName, "phase=backend", "reason=teardown_command"), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TaskFailuresName, "phase=backend", "reason=container_exit"), Is.Zero);
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TaskDurationName + "_count", "result=failed"), Is.EqualTo(1));
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TaskDurationName + "_sum", "result=failed"), Is.EqualTo(70));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TaskDurationName], Is.EqualTo("histogram"));
        });
    }

    [Test]
    public async Task ActiveTasksAreTheWorkersUnfinishedOzTasks()
    {
        var cache = new Oz.Operator.Tests.Tasks.Fakes.FakeCache<AgentTask>();
        cache.Put(Task("a", AgentTaskPhase.Running, taskId: "t-a"));
        cache.Put(Task("b", AgentTaskPhase.Queued, taskId: "t-b"));
        cache.Put(Task("c", AgentTaskPhase.Succeeded, taskId: "t-c"));
        cache.Put(Task("d", AgentTaskPhase.Running));
        host.Metrics.ObserveTasks(cache);
        host.Metrics.SetLeader(true);

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value(ReferenceWorkerMetrics.TasksActiveName), Is.EqualTo(2));
            Assert.That(scrape.Types[ReferenceWorkerMetrics.TasksActiveName], Is.EqualTo("gauge"));
        });
    }

    [Test]
    public async Task TheResourceCarriesTheReferenceAttributes()
    {
        var scrape = await host.ScrapeAsync();

        var info = scrape.Named("target_info").Single();
        Assert.Multiple(() =>
        {
            Assert.That(info.Labels["worker_id"], Is.EqualTo("worker-7"));
            Assert.That(info.Labels["worker_backend"], Is.EqualTo("kubernetes"));
            Assert.That(info.Labels["service_name"], Is.EqualTo("oz-operator"));
        });
    }
}
