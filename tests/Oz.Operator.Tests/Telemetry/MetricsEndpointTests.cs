using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Telemetry.Metrics;
using Oz.Operator.Tests.Kubernetes;
using static Oz.Operator.Tests.Telemetry.TaskObjects;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>The real /metrics endpoint, scraped over HTTP after recording known values.</summary>
[NonParallelizable]
public sealed class MetricsEndpointTests
{
    private TelemetryHost host = null!;

    private OperatorMetrics Metrics => host.Metrics;

    [SetUp]
    public async Task SetUp() => host = await TelemetryHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await host.DisposeAsync();

    [Test]
    public async Task EveryFailureReasonAndEveryResultIsAtZeroBeforeAnyTask()
    {
        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            foreach (var reason in Enum.GetNames<FailureReason>().Append(OperatorMetrics.UnknownReason))
            {
                Assert.That(scrape.Value("oz_operator_task_failures_total", $"reason={reason}"), Is.Zero, reason);
            }

            foreach (var result in new[] { "Succeeded", "Failed", "Cancelled" })
            {
                Assert.That(scrape.Value("oz_operator_tasks_finished_total", $"result={result}"), Is.Zero, result);
            }

            Assert.That(scrape.Types["oz_operator_task_failures_total"], Is.EqualTo("counter"));
        });
    }

    [Test]
    public async Task ASuccessAndAnOomFailureCountUnderTheirResultsAndReason()
    {
        Metrics.SetLeader(true);
        var transitions = new TaskTransitionMetrics(Metrics, TimeProvider.System);
        var created = DateTime.UtcNow.AddSeconds(-90);
        transitions.OnUpdate(Task("ok", AgentTaskPhase.Running, created: created), Task("ok", AgentTaskPhase.Succeeded, created: created, completed: created.AddSeconds(40)));
        transitions.OnUpdate(Task("oom", AgentTaskPhase.Running, created: created), Task("oom", AgentTaskPhase.Failed, FailureReason.ContainerOOM, created: created, completed: created.AddSeconds(70)));

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("oz_operator_tasks_finished_total", "result=Succeeded"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_tasks_finished_total", "result=Failed"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_tasks_finished_total", "result=Cancelled"), Is.Zero);
            Assert.That(scrape.Value("oz_operator_task_failures_total", "reason=ContainerOOM"), Is.EqualTo(1));
            Assert.That(scrape.Named("oz_operator_task_failures_total").Where(s => s.Labels["reason"] != "ContainerOOM").Select(s => s.Value), Is.All.Zero);
            Assert.That(scrape.Value("oz_operator_task_duration_seconds_count", "result=Failed"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_task_duration_seconds_sum", "result=Failed"), Is.EqualTo(70));
            Assert.That(scrape.Value("oz_operator_task_duration_seconds_bucket", "result=Succeeded", "le=30"), Is.Zero);
            Assert.That(scrape.Value("oz_operator_task_duration_seconds_bucket", "result=Succeeded", "le=60"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_task_duration_seconds_bucket", "result=Succeeded", "le=+Inf"), Is.EqualTo(1));
            Assert.That(scrape.Types["oz_operator_task_duration_seconds"], Is.EqualTo("histogram"));
        });
    }

    [Test]
    public async Task TaskTransitionsAreNotCountedByAStandbyReplica()
    {
        var transitions = new TaskTransitionMetrics(Metrics, TimeProvider.System);
        transitions.OnUpdate(Task("oom", AgentTaskPhase.Running), Task("oom", AgentTaskPhase.Failed, FailureReason.ContainerOOM));

        var scrape = await host.ScrapeAsync();

        Assert.That(scrape.Value("oz_operator_task_failures_total", "reason=ContainerOOM"), Is.Zero);
    }

    [Test]
    public async Task ATerminalTaskSeenAgainOnARelistOrResyncIsNotCountedTwice()
    {
        Metrics.SetLeader(true);
        var transitions = new TaskTransitionMetrics(Metrics, TimeProvider.System);
        var failed = Task("oom", AgentTaskPhase.Failed, FailureReason.ContainerOOM);
        transitions.OnAdd(failed);
        transitions.OnUpdate(failed, failed);
        transitions.OnUpdate(failed, Task("oom", AgentTaskPhase.Failed, FailureReason.ContainerOOM));

        var scrape = await host.ScrapeAsync();

        Assert.That(scrape.Value("oz_operator_tasks_finished_total", "result=Failed"), Is.Zero);
    }

    [Test]
    public async Task DispatchLatencyRunsFromWhenTheTaskWasSeenToWhenItsJobNameAppears()
    {
        Metrics.SetLeader(true);
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var transitions = new TaskTransitionMetrics(Metrics, time);
        var pending = Task("t", AgentTaskPhase.Pending);
        transitions.OnAdd(pending);
        time.Advance(TimeSpan.FromMilliseconds(700));
        transitions.OnUpdate(pending, Task("t", AgentTaskPhase.Starting, jobName: "t-1234"));

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("oz_operator_dispatch_latency_seconds_count"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_dispatch_latency_seconds_sum"), Is.EqualTo(0.7).Within(1e-9));
            Assert.That(scrape.Value("oz_operator_dispatch_latency_seconds_bucket", "le=0.5"), Is.Zero);
            Assert.That(scrape.Value("oz_operator_dispatch_latency_seconds_bucket", "le=1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TasksByPhaseComeFromTheCacheWithEveryPhaseReported()
    {
        var cache = new ObjectCache<AgentTask>();
        cache.Upsert(Task("a", AgentTaskPhase.Running));
        cache.Upsert(Task("b", AgentTaskPhase.Running));
        cache.Upsert(Task("c", AgentTaskPhase.Queued));
        cache.Upsert(Task("d"));
        cache.MarkSynced();
        Metrics.ObserveTasks(cache);

        var standby = await host.ScrapeAsync();
        Metrics.SetLeader(true);
        var leading = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(standby.Named("oz_operator_tasks"), Is.Empty, "a standby reports no tasks");
            Assert.That(leading.Value("oz_operator_tasks", "phase=Running"), Is.EqualTo(2));
            Assert.That(leading.Value("oz_operator_tasks", "phase=Queued"), Is.EqualTo(1));
            Assert.That(leading.Value("oz_operator_tasks", "phase=Pending"), Is.EqualTo(1), "no phase yet counts as Pending");
            Assert.That(leading.Value("oz_operator_tasks", "phase=Failed"), Is.Zero);
            Assert.That(leading.Named("oz_operator_tasks").Count(), Is.EqualTo(Enum.GetValues<AgentTaskPhase>().Length));
            Assert.That(leading.Types["oz_operator_tasks"], Is.EqualTo("gauge"));
        });
    }

    [Test]
    public async Task AnAttachedControllerReportsQueueDepthReconcileDurationsAndErrors()
    {
        using var controller = new Controller(new NoopReconciler(), new ControllerOptions { Name = "agenttask" }, NullLogger<Controller>.Instance);
        Metrics.Attach(controller);
        controller.Queue.Add(new ObjectKey("default", "a"));
        controller.Queue.Add(new ObjectKey("default", "b"));
        controller.Queue.AddAfter(new ObjectKey("default", "c"), TimeSpan.FromHours(1));

        var before = await host.ScrapeAsync();
        Metrics.RecordReconcile("agenttask", TimeSpan.FromMilliseconds(20), ReconcileOutcome.Error);
        Metrics.RecordReconcile("agenttask", TimeSpan.FromMilliseconds(2), ReconcileOutcome.Done);
        var after = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Value("oz_operator_workqueue_depth", "controller=agenttask"), Is.EqualTo(2));
            Assert.That(before.Value("oz_operator_workqueue_delayed", "controller=agenttask"), Is.EqualTo(1));
            Assert.That(before.Value("oz_operator_reconcile_errors_total", "controller=agenttask"), Is.Zero);
            Assert.That(after.Value("oz_operator_reconcile_errors_total", "controller=agenttask"), Is.EqualTo(1));
            Assert.That(after.Value("oz_operator_reconcile_duration_seconds_count", "controller=agenttask", "outcome=error"), Is.EqualTo(1));
            Assert.That(after.Value("oz_operator_reconcile_duration_seconds_count", "controller=agenttask", "outcome=done"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WatchRestartsArePrimedPerResourceAndCountedByReason()
    {
        var informer = new Informer<AgentTask>(new FakeListerWatcher<AgentTask>(), new InformerOptions { Name = "agenttasks" }, NullLogger<Informer<AgentTask>>.Instance);
        Metrics.Attach(informer);
        Metrics.RecordWatchRestart("agenttasks", WatchRestartReason.Expired);

        var scrape = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(scrape.Value("oz_operator_watch_restarts_total", "resource=agenttasks", "reason=Expired"), Is.EqualTo(1));
            Assert.That(scrape.Value("oz_operator_watch_restarts_total", "resource=agenttasks", "reason=StreamEnded"), Is.Zero);
            Assert.That(scrape.Value("oz_operator_watch_restarts_total", "resource=agenttasks", "reason=Error"), Is.Zero);
        });
    }

    [Test]
    public async Task LeaderPreflightAndBuildInfoAreGauges()
    {
        var before = await host.ScrapeAsync();
        Metrics.SetLeader(true);
        Metrics.RecordPreflight(true);
        var after = await host.ScrapeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before.Value("oz_operator_leader"), Is.Zero);
            Assert.That(before.Value("oz_operator_preflight_passed"), Is.Zero);
            Assert.That(after.Value("oz_operator_leader"), Is.EqualTo(1));
            Assert.That(after.Value("oz_operator_preflight_passed"), Is.EqualTo(1));
            var info = after.Named("oz_operator_build_info").Single();
            Assert.That(info.Value, Is.EqualTo(1));
            Assert.That(info.Labels.Keys, Is.SupersetOf(new[] { "version", "commit", "runtime" }));
        });
    }

    [Test]
    public async Task EveryOperatorSeriesHasTheOperatorOrTheReferenceWorkerPrefixAndSecondsAreTheUnitOfEveryHistogram()
    {
        Metrics.RecordDispatch(TimeSpan.FromSeconds(1));
        Metrics.RecordReconcile("agenttask", TimeSpan.FromSeconds(1), ReconcileOutcome.Done);
        Metrics.RecordApiRequest("get", "pods", "200", TimeSpan.FromSeconds(1));
        Metrics.RecordTaskTerminal(AgentTaskPhase.Succeeded, null, TimeSpan.FromSeconds(1));

        var scrape = await host.ScrapeAsync();

        var operatorTypes = scrape.Types.Where(t => t.Key != "target_info").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(operatorTypes.Select(t => t.Key), Is.All.StartsWith("oz_operator_").Or.StartsWith("oz_worker_"));
            Assert.That(operatorTypes.Where(t => t.Value == "histogram").Select(t => t.Key), Is.All.EndsWith("_seconds").And.Not.Empty);
            Assert.That(operatorTypes.Where(t => t.Value == "counter").Select(t => t.Key), Is.All.EndsWith("_total").And.Not.Empty);
        });
    }

    private sealed class NoopReconciler : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => System.Threading.Tasks.Task.FromResult(ReconcileResult.Done);
    }
}
