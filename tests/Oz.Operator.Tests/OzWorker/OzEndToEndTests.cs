using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Reporting;
using Oz.Operator.Telemetry.Tracing;
using Oz.Operator.Tests.EndToEnd;
using Oz.Operator.Tests.Telemetry;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// Oz → AgentTask → Job/Pod → AgentTask status → Oz: the fake Oz server, the real bridge with the
/// KubernetesClient store, and the real AgentTask controller, all against the simulator.
/// </summary>
public sealed class OzEndToEndTests
{
    private const string WorkerId = "e2e-worker";

    [Test]
    public async Task AssignmentRunsAsAJobAndItsCompletionIsReported()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-e2e", "exec-1"));
        var claimed = await session.ReceiveAsync();
        var name = OzTaskNames.AgentTaskName("task-e2e", "exec-1");
        var job = await world.Operator.WaitForJobAsync(name);
        var secret = await world.Operator.Client.CoreV1.ReadNamespacedSecretAsync(name + "-env", OperatorOnKubeSim.Namespace);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        var report = await session.ReceiveAsync();
        await world.Operator.WaitForTaskAsync(name, t => t.Status?.ReportedToOz == true, "reportedToOz recorded");

        var container = job!.Spec.Template.Spec.Containers.Single(c => c.Name == "task");
        Assert.Multiple(() =>
        {
            Assert.That(claimed.GetProperty("type").GetString(), Is.EqualTo("task_claimed"));
            Assert.That(Encoding.UTF8.GetString(secret.Data["GITHUB_TOKEN"]), Is.EqualTo("ghp-secret-token"));
            Assert.That(secret.Metadata.OwnerReferences.Single().Kind, Is.EqualTo(AgentTask.KindName));
            Assert.That(container.EnvFrom.Select(e => e.SecretRef?.Name), Does.Contain(name + "-env"));
            Assert.That(KubernetesJson.Serialize(job), Does.Not.Contain("ghp-secret-token"), "credentials never literal in the Job");
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_completed"));
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-e2e"));
        });
    }

    /// <summary>
    /// The bridge creates the AgentTask with the controller's finalizer, so the controller's part of
    /// an Oz task's life is create Job, status (Starting), status (result), delete Job: no finalizer
    /// write. Events are left out (they go out in the background and are not on the reconcile path).
    /// </summary>
    [Test]
    public async Task AnOzTaskCostsTheControllerAtMostFourWrites()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-writes", "exec-1"));
        await session.ReceiveAsync();
        var name = OzTaskNames.AgentTaskName("task-writes", "exec-1");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        await session.ReceiveAsync();
        await world.Operator.WaitForTaskAsync(name, t => t.Status?.ReportedToOz == true, "reportedToOz recorded");
        await world.Operator.WaitForJobGoneAsync(name);

        var writes = world.Operator.Sim.RequestLog.Entries
            .Where(e => e.User == OperatorOnKubeSim.ControllerUser && e.Verb is "create" or "update" or "patch" or "delete" && e.Resource is not ("events" or "leases"))
            .Select(e => e.Subresource is null ? $"{e.Verb} {e.Resource}" : $"{e.Verb} {e.Resource}/{e.Subresource}")
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(writes, Has.Count.LessThanOrEqualTo(4), string.Join(", ", writes));
            Assert.That(writes, Has.None.EqualTo("patch agenttasks"), "the finalizer came with the create");
        });
    }

    /// <summary>
    /// "Linked by task id": the span of the assignment, the spans of the reconciles of the AgentTask it
    /// created (by the real controller, through the cluster) and the span of the report share the task
    /// id, and the reconciles and the report link to the assignment's span.
    /// </summary>
    [Test]
    public async Task ReconcilesAndReportOfATaskFromOzLinkToItsAssignmentSpan()
    {
        using var spans = new SpanRecorder();
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-traced"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-traced", "");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        await session.ReceiveOfTypeAsync("task_completed");
        await Eventually.Until(() => spans.Of("oz task_completed", "task-traced").Count == 1, "the report's span");

        var assignment = spans.Of("oz task_assignment", "task-traced").Single();
        var reconciles = spans.Of("reconcile agenttask", "task-traced");
        Assert.Multiple(() =>
        {
            Assert.That(reconciles, Is.Not.Empty);
            foreach (var reconcile in reconciles)
            {
                Assert.That(reconcile.GetTagItem(OperatorTracing.AgentTaskAttribute), Is.EqualTo(name));
                Assert.That(reconcile.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { assignment.SpanId }));
            }

            Assert.That(spans.Of("oz task_completed", "task-traced").Single().Links.Single().Context.SpanId, Is.EqualTo(assignment.SpanId));
        });
    }

    [Test]
    public async Task FailedContainerIsReportedWithReasonAndExitCode()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-fail"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var job = await world.Operator.WaitForJobAsync(OzTaskNames.AgentTaskName("task-fail", ""));
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(3, "Error"));
        var report = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_failed"));
            Assert.That(report.GetProperty("data").GetProperty("failure_reason").GetString(), Is.EqualTo("container_exit"));
            Assert.That(report.GetProperty("data").GetProperty("exit_code").GetInt32(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task CancellationFromOzCancelsTheTaskAndIsReportedAsCancelled()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-cancel"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-cancel", "");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Running());

        await session.SendJsonAsync(OzMessages.Cancellation("task-cancel"));
        var report = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_completed"));
            Assert.That(report.GetProperty("data").GetProperty("task_state").GetString(), Is.EqualTo("CANCELLED"));
        });
    }

    [Test]
    public async Task DeletingARunningOzTaskIsReportedAsCancelledBeforeTheAgentTaskGoes()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-deleted"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-deleted", "");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Running());

        await world.Operator.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural, name);
        var report = await session.ReceiveOfTypeAsync("task_completed");
        await KubeSimCluster.WaitForAsync(() => world.Operator.GetTaskAsync(name), t => t is null, "the AgentTask is gone");

        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-deleted"));
            Assert.That(report.GetProperty("data").GetProperty("task_state").GetString(), Is.EqualTo("CANCELLED"));
        });
    }

    [Test]
    public async Task OzTaskDeletedWhileNoBridgeRanStaysUntilTheNextBridgeReportsIt()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-deleted-offline"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-deleted-offline", "");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Running());

        await world.StopBridgeAsync();
        await world.Operator.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural, name);
        await world.Operator.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Cancelled, "the deleted task is cancelled");
        await world.Operator.WaitForJobGoneAsync(name);
        var held = await world.Operator.GetTaskAsync(name);
        world.StartBridge();
        var next = await world.Oz.NextSessionAsync();
        var report = await next.ReceiveOfTypeAsync("task_completed");
        await KubeSimCluster.WaitForAsync(() => world.Operator.GetTaskAsync(name), t => t is null, "the AgentTask is gone once reported");

        Assert.Multiple(() =>
        {
            Assert.That(held?.Metadata.DeletionTimestamp, Is.Not.Null, "still there, Terminating, while no bridge could report it");
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-deleted-offline"));
            Assert.That(report.GetProperty("data").GetProperty("task_state").GetString(), Is.EqualTo("CANCELLED"));
        });
    }

    [Test]
    public async Task ResultFinishedWhileNoBridgeRanIsReportedByTheNextOne()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-restart"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-restart", "");
        var job = await world.Operator.WaitForJobAsync(name);

        await world.StopBridgeAsync();
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        await world.Operator.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Succeeded, "the task succeeded");
        world.StartBridge();
        var next = await world.Oz.NextSessionAsync();
        var report = await next.ReceiveAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_completed"));
            await world.Operator.WaitForTaskAsync(name, t => t.Status?.ReportedToOz == true, "reportedToOz recorded");
        });
    }

    [Test]
    public async Task TheJobStartsOnlyAfterTheEnvSecretExistsHoweverSlowItsCreate()
    {
        await using var world = await World.StartAsync();
        var slowSecrets = new SlowSecretCreates(world.Operator.Sim.Store, OperatorOnKubeSim.Namespace, TimeSpan.FromSeconds(2));
        world.Operator.Sim.Admission.Add(slowSecrets);
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-slow-secret", "exec-1"));
        await session.ReceiveOfTypeAsync("task_claimed");
        var name = OzTaskNames.AgentTaskName("task-slow-secret", "exec-1");
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        var report = await session.ReceiveOfTypeAsync("task_completed");

        Assert.Multiple(() =>
        {
            Assert.That(slowSecrets.JobBeforeSecret, Is.False, "no Job before its Secret was stored");
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("task-slow-secret"));
        });
    }

    [Test]
    public async Task ATaskRejectedForItsSecretIsRemovedNeverReportedAndRunsWhenRedelivered()
    {
        await using var world = await World.StartAsync();
        world.Operator.Sim.Admission.Add(new DeniedSecretCreates(1));
        var session = await world.Oz.NextSessionAsync();
        var name = OzTaskNames.AgentTaskName("task-denied", "exec-1");

        await session.SendJsonAsync(OzMessages.Assignment("task-denied", "exec-1"));
        var rejected = await session.ReceiveAsync();
        await KubeSimCluster.WaitForAsync(() => world.Operator.GetTaskAsync(name), t => t is null, "the rejected AgentTask removed");
        await session.SendJsonAsync(OzMessages.Assignment("task-denied", "exec-1"));
        var claimed = await session.ReceiveAsync();
        var job = await world.Operator.WaitForJobAsync(name);
        await world.Operator.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
        var report = await session.ReceiveAsync();

        Assert.Multiple(() =>
        {
            Assert.That(rejected.GetProperty("type").GetString(), Is.EqualTo("task_rejected"));
            Assert.That(claimed.GetProperty("type").GetString(), Is.EqualTo("task_claimed"), "the next message after the rejection answers the redelivery: nothing was reported for the rejected task");
            Assert.That(report.GetProperty("type").GetString(), Is.EqualTo("task_completed"));
        });
    }

    [Test]
    public async Task RepeatedAssignmentCreatesNoSecondJob()
    {
        await using var world = await World.StartAsync();
        var session = await world.Oz.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-twice"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await session.SendJsonAsync(OzMessages.Assignment("task-twice"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await world.Operator.WaitForJobAsync(OzTaskNames.AgentTaskName("task-twice", ""));

        var tasks = await world.Operator.Client.CustomObjects.ListNamespacedCustomObjectAsync<AgentTaskList>(
            AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural);
        var jobs = await world.Operator.Client.BatchV1.ListNamespacedJobAsync(OperatorOnKubeSim.Namespace);
        Assert.Multiple(() =>
        {
            Assert.That(tasks.Items, Has.Count.EqualTo(1));
            Assert.That(jobs.Items, Has.Count.EqualTo(1));
        });
    }

    /// <summary>The simulator with the controller, a fake Oz, and a bridge that can be stopped and started (a restart).</summary>
    private sealed class World : IAsyncDisposable
    {
        private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        private CancellationTokenSource? _bridgeStop;
        private Task? _bridgeRun;
        private OzMetrics? _metrics;

        private World(OperatorOnKubeSim op, FakeOzServer oz)
        {
            Operator = op;
            Oz = oz;
        }

        public OperatorOnKubeSim Operator { get; }

        public FakeOzServer Oz { get; }

        public static async Task<World> StartAsync()
        {
            var oz = await FakeOzServer.StartAsync();
            var options = new OperatorOptions
            {
                Namespace = OperatorOnKubeSim.Namespace,
                WorkerId = WorkerId,
                Oz = new OzOptions { WebSocketUrl = oz.Url, ServerRootUrl = "http://oz.test" },
            };
            var world = new World(await OperatorOnKubeSim.StartAsync(options, ozConnected: true), oz);
            world.StartBridge();
            return world;
        }

        /// <summary>A fresh bridge with its own AgentTask informer, as a newly elected leader would have.</summary>
        public void StartBridge()
        {
            var client = Operator.Sim.CreateClient();
            var informer = new Informer<AgentTask>(
                KubernetesListerWatchers.CustomObjects<AgentTask, AgentTaskList>(client, AgentTask.Group, AgentTask.Version, AgentTask.Plural, OperatorOnKubeSim.Namespace),
                new InformerOptions { Name = "oz-" + AgentTask.Plural, IndexedLabels = AgentTaskIndexes.Labels, Indexers = AgentTaskIndexes.Indexers },
                _loggers.CreateLogger<Informer<AgentTask>>());
            _metrics = new OzMetrics();
            var store = new KubernetesAgentTaskStore(client);
            var rejected = new RejectedTasks();
            var tasks = new OzMessageHandler(store, informer.Cache, Operator.Options, rejected, _metrics, _loggers.CreateLogger<OzMessageHandler>());
            var reports = new OzReportController(informer.Cache, store, rejected, Operator.Options, BridgeHarness.FastConnection, _metrics, _loggers);
            informer.AddEventHandler(reports.ChangeHandler());
            var bridge = new OzConnectionLoop(
                Operator.Options, new OzCredentials("e2e-key"), BridgeHarness.FastConnection, tasks, reports, informer.Cache, _metrics, _loggers.CreateLogger<OzConnectionLoop>());
            _bridgeStop = new CancellationTokenSource();
            var token = _bridgeStop.Token;
            _bridgeRun = Task.WhenAll(informer.RunAsync(token), bridge.RunAsync(token));
        }

        public async Task StopBridgeAsync()
        {
            if (_bridgeStop is null || _bridgeRun is null)
            {
                return;
            }

            await _bridgeStop.CancelAsync();
            try
            {
                await _bridgeRun.WaitAsync(Eventually.DefaultTimeout);
            }
            catch (OperationCanceledException)
            {
                // The informer ends by cancellation.
            }

            _bridgeStop.Dispose();
            _metrics?.Dispose();
            _bridgeStop = null;
            _bridgeRun = null;
        }

        public async ValueTask DisposeAsync()
        {
            await StopBridgeAsync();
            await Operator.DisposeAsync();
            await Oz.DisposeAsync();
            _loggers.Dispose();
        }
    }
}
