using System.Net.WebSockets;
using Oz.Operator.OzWorker.Mapping;

namespace Oz.Operator.Tests.EndToEnd.Topology;

/// <summary>
/// The install topologies of docs/install.md, end to end: the chart rendered by the real Helm 3 or 4
/// (or config/default by kustomize), its ServiceAccount, Roles, RoleBindings, ConfigMap and Secret
/// applied to the simulator with RBAC enforced, and the real operator process run with the
/// ServiceAccount's token and the Deployment's environment. In every topology a task made by hand
/// runs to Succeeded and a task from a fake Oz runs and its report is confirmed (reportedToOz), and
/// the API server refuses the operator nothing: the chart's Roles grant what it needs.
/// </summary>
[NonParallelizable]
[CancelAfter(2 * TestBudgets.EndToEndMilliseconds)]
public sealed class TopologyTests
{
    /// <summary>Confirms reports within a fraction of a second instead of the protocol's 30 s.</summary>
    private const string PingInterval = "200ms";

    private static readonly string[] FastOz = ["extraEnv[0].name=OZ_PING_INTERVAL", $"extraEnv[0].value={PingInterval}"];

    [TestCase(3)]
    [TestCase(4)]
    public async Task OperatorAndTasksInOneNamespace(int helm)
    {
        await using var cluster = await TopologyCluster.StartAsync();
        var oz = await cluster.StartOzAsync();
        var install = Chart(helm, "oz", TopologyCluster.OzSystem, "solo", oz, []);

        await cluster.InstallAsync(install);

        await RunsAHandMadeTaskAsync(cluster, TopologyCluster.OzSystem, "by-hand");
        await RunsAnOzTaskAsync(cluster, oz, TopologyCluster.OzSystem, "solo", "oz-task-1");
        await AssertRefusedNothingAsync(cluster, install);
        Assert.That(await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, "oz-operator-leader-solo"), Is.EqualTo(cluster.Pods.Single().Name));
    }

    [Test]
    public async Task KustomizeConfigDefaultInOneNamespace()
    {
        await using var cluster = await TopologyCluster.StartAsync();
        var oz = await cluster.StartOzAsync();

        // The install guide's steps: the API-key Secret by hand, then `kubectl apply -k config/default`;
        // the Oz URL as an overlay would set it.
        var rendered = InstallManifests.Kustomize();
        var (secret, key) = rendered.ApiKeySecretRef;
        var install = rendered.With(TopologyCluster.Secret(TopologyCluster.OzSystem, secret, key, "kustomize-key"));
        await cluster.InstallAsync(install, new Dictionary<string, string> { ["OZ_WEBSOCKET_URL"] = oz.Url, ["OZ_PING_INTERVAL"] = PingInterval });

        await RunsAHandMadeTaskAsync(cluster, TopologyCluster.OzSystem, "by-hand");
        await RunsAnOzTaskAsync(cluster, oz, TopologyCluster.OzSystem, "change-me", "oz-task-1");
        await AssertRefusedNothingAsync(cluster, install);
    }

    [Test]
    public async Task OperatorInOzSystemWithTasksInOzTasks()
    {
        await using var cluster = await TopologyCluster.StartAsync();
        var oz = await cluster.StartOzAsync();
        var install = Chart(4, "oz", TopologyCluster.OzSystem, "split", oz, [$"worker.namespace={TopologyCluster.OzTasks}"]);

        var pod = (await cluster.InstallAsync(install)).Single();

        await RunsAHandMadeTaskAsync(cluster, TopologyCluster.OzTasks, "by-hand");
        await RunsAnOzTaskAsync(cluster, oz, TopologyCluster.OzTasks, "split", "oz-task-1");
        await AssertRefusedNothingAsync(cluster, install);
        var preflight = (await cluster.Admin.EventsV1.ListNamespacedEventAsync(TopologyCluster.OzSystem)).Items.Where(e => e.Reason == "PreflightPassed").ToList();
        var leases = (await cluster.Admin.CoordinationV1.ListNamespacedLeaseAsync(TopologyCluster.OzTasks)).Items;
        Assert.Multiple(async () =>
        {
            Assert.That(await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, "oz-operator-leader-split"), Is.EqualTo(pod.Name), "the Lease lives in the operator's namespace");
            Assert.That(leases, Is.Empty, "no Lease in the task namespace");
            Assert.That(preflight.Select(e => $"{e.Regarding.Kind}/{e.Regarding.NamespaceProperty}/{e.Regarding.Name}"), Is.EqualTo(new[] { $"Pod/{TopologyCluster.OzSystem}/{pod.Name}" }));
        });
        await AssertEventsRegardExistingObjectsAsync(cluster, TopologyCluster.OzSystem, TopologyCluster.OzTasks);
    }

    [Test]
    public async Task TwoWorkersInTheSameNamespacesEachRunCountAndReportOnlyTheirOwnTasks()
    {
        await using var cluster = await TopologyCluster.StartAsync();
        var blueOz = await cluster.StartOzAsync();
        var greenOz = await cluster.StartOzAsync();
        string[] shared = [$"worker.namespace={TopologyCluster.OzTasks}", "worker.maxConcurrentTasks=1"];
        var blue = Chart(3, "blue", TopologyCluster.OzSystem, "blue", blueOz, shared);
        var green = Chart(3, "green", TopologyCluster.OzSystem, "green", greenOz, [.. shared, "worker.acceptUnlabelledTasks=false"]);
        await cluster.InstallAsync(blue);
        await cluster.InstallAsync(green);

        // Both lead at once: one Lease per worker.
        await cluster.WaitUntilAsync(
            async () => await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, "oz-operator-leader-blue") is not null
                && await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, "oz-operator-leader-green") is not null,
            () => "both workers leading");

        // Reports: each Oz hears of its own task only.
        var blueSession = await RunsAnOzTaskAsync(cluster, blueOz, TopologyCluster.OzTasks, "blue", "oz-blue");
        var greenSession = await RunsAnOzTaskAsync(cluster, greenOz, TopologyCluster.OzTasks, "green", "oz-green");

        // Capacity: blue's slot is taken by a task that never ends; green's single slot is free.
        cluster.Sim.Scripts.Script("example/forever:1", "hang");
        await cluster.CreateTaskAsync(TopologyCluster.OzTasks, "blue-forever", "example/forever:1", WorkerLabel("blue"));
        await cluster.WaitForTaskAsync(TopologyCluster.OzTasks, "blue-forever", t => t.Status?.Phase == AgentTaskPhase.Running, "Running");
        await RunsAHandMadeTaskAsync(cluster, TopologyCluster.OzTasks, "green-by-hand", WorkerLabel("green"));

        // A task without a worker label is blue's (it accepts unlabelled tasks), so it waits for blue's slot.
        await cluster.CreateTaskAsync(TopologyCluster.OzTasks, "unlabelled");
        await cluster.WaitForTaskAsync(TopologyCluster.OzTasks, "unlabelled", t => t.Status?.Phase == AgentTaskPhase.Queued, "Queued behind blue-forever");
        await cluster.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync(AgentTask.Group, AgentTask.Version, TopologyCluster.OzTasks, AgentTask.Plural, "blue-forever");
        var unlabelled = await cluster.WaitForTaskAsync(TopologyCluster.OzTasks, "unlabelled", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded once blue's slot is free");

        var blueTasks = new[] { "blue-forever", "unlabelled", OzTaskNames.AgentTaskName("oz-blue", "") };
        var greenTasks = new[] { "green-by-hand", OzTaskNames.AgentTaskName("oz-green", "") };
        var blueHeard = await DrainAsync(blueSession);
        var greenHeard = await DrainAsync(greenSession);
        Assert.Multiple(() =>
        {
            Assert.That(blueHeard.Select(TaskIdOf), Is.All.EqualTo("oz-blue"), "blue's Oz heard of another worker's task");
            Assert.That(greenHeard.Select(TaskIdOf), Is.All.EqualTo("oz-green"), "green's Oz heard of another worker's task");
            Assert.That(TaskWrites(cluster, blue).Except(blueTasks), Is.Empty, "blue wrote another worker's tasks or Jobs");
            Assert.That(TaskWrites(cluster, green).Except(greenTasks), Is.Empty, "green wrote another worker's tasks or Jobs");
            Assert.That(cluster.Writes.JobCreatesFor("unlabelled"), Is.EqualTo(1));
            Assert.That(unlabelled.Status!.ExitCode, Is.EqualTo(0));
        });
        var job = cluster.Writes.Writes.Single(w => w.Operation == Oz.KubeSim.Admission.AdmissionOperation.Create && w.Type.Plural == "jobs" && (string?)w.Object["metadata"]?["name"] == unlabelled.Status!.JobName);
        Assert.That((string?)job.Object["metadata"]?["labels"]?[TaskLabels.WorkerIdHash], Is.EqualTo(KubernetesNames.LabelHash("blue")), "the unlabelled task's Job is blue's");
        await AssertRefusedNothingAsync(cluster, blue);
        await AssertRefusedNothingAsync(cluster, green);
    }

    [Test]
    public async Task TwoReplicasOneLeadsAndWhenItIsKilledMidTaskTheOtherFinishesAndReportsItOnce()
    {
        await using var cluster = await TopologyCluster.StartAsync();
        var oz = await cluster.StartOzAsync();
        var install = Chart(4, "oz", TopologyCluster.OzSystem, "ha", oz,
        [
            $"worker.namespace={TopologyCluster.OzTasks}", "replicaCount=2",
            "leaderElection.leaseDuration=3s", "leaderElection.renewDeadline=1500ms", "leaderElection.retryPeriod=250ms", "worker.shutdownTimeout=1s",
        ]);
        var replicas = await cluster.InstallAsync(install);
        const string Lease = "oz-operator-leader-ha";
        string? holder = null;
        await cluster.WaitUntilAsync(async () => (holder = await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, Lease)) is not null, () => "a leader");
        var leader = replicas.Single(r => r.Name == holder);
        var standby = replicas.Single(r => r != leader);

        // The standby waits ready, its caches synced and its own preflight passed, and leaves Oz to the leader.
        await cluster.WaitUntilAsync(async () => await IsReadyAsync(standby), () => "the standby ready before it leads");
        await cluster.WaitUntilAsync(
            async () => (await PreflightPassedOnAsync(cluster, TopologyCluster.OzSystem)).Count == replicas.Count,
            () => "a PreflightPassed Event from each replica");
        Assert.That(await PreflightPassedOnAsync(cluster, TopologyCluster.OzSystem), Is.EquivalentTo(replicas.Select(r => $"Pod/{TopologyCluster.OzSystem}/{r.Name}")), "each replica's preflight regards its own pod");

        // An Oz task that runs for a while (3 s at the simulator's speed) is claimed by the leader.
        cluster.Sim.Scripts.Script(OzMessages.AssignmentData("x")["docker_image"]!.GetValue<string>(), "exit:0 after:30s");
        var first = await oz.NextSessionAsync(TimeSpan.FromSeconds(30));
        await first.SendJsonAsync(OzMessages.Assignment("oz-long"));
        await first.ReceiveOfTypeAsync("task_claimed");
        Assert.That(oz.Handshakes, Has.Count.EqualTo(1), "only the leader connects to Oz; the ready standby does not");
        var name = OzTaskNames.AgentTaskName("oz-long", "");
        await cluster.WaitForTaskAsync(TopologyCluster.OzTasks, name, t => t.Status?.Phase == AgentTaskPhase.Running, "Running");

        cluster.ExpectExit(leader);
        await leader.KillAsync();
        await cluster.WaitUntilAsync(async () => await cluster.LeaseHolderAsync(TopologyCluster.OzSystem, Lease) == standby.Name, () => "the standby taking the Lease over");
        var second = await oz.NextSessionAsync(TimeSpan.FromSeconds(30));
        var report = await second.ReceiveOfTypeAsync("task_completed", TimeSpan.FromSeconds(30));
        var task = await cluster.WaitForTaskAsync(TopologyCluster.OzTasks, name, t => t.Status?.ReportedToOz == true, "reportedToOz recorded by the new leader");
        await RunsAHandMadeTaskAsync(cluster, TopologyCluster.OzTasks, "after-failover");

        var completed = (await DrainAsync(first)).Concat(await DrainAsync(second)).Where(m => m.GetProperty("type").GetString() is "task_completed" or "task_failed");
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("data").GetProperty("task_id").GetString(), Is.EqualTo("oz-long"));
            Assert.That(task.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
            Assert.That(cluster.Writes.JobCreatesFor(name), Is.EqualTo(1), "one Job for the task across both leaders");
            Assert.That(completed, Is.Empty, "reported more than once");
        });
        await AssertRefusedNothingAsync(cluster, install);
    }

    private static async Task<bool> IsReadyAsync(OperatorPod pod)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync(new Uri(pod.HealthUrl, "readyz"))).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>What each PreflightPassed Event in <paramref name="ns"/> regards.</summary>
    private static async Task<List<string>> PreflightPassedOnAsync(TopologyCluster cluster, string ns) =>
        (await cluster.Admin.EventsV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.Reason == "PreflightPassed")
            .Select(e => $"{e.Regarding.Kind}/{e.Regarding.NamespaceProperty}/{e.Regarding.Name}").ToList();

    private static InstallManifests Chart(int helm, string release, string ns, string workerId, FakeOzServer oz, IEnumerable<string> values) =>
        InstallManifests.Helm(helm, release, ns,
        [
            $"image.tag={TopologyCluster.OperatorImageTag}", $"worker.workerId={workerId}",
            "oz.apiKey=topology-key", $"oz.webSocketUrl={oz.Url}", .. FastOz, .. values,
        ]);

    private static Dictionary<string, string> WorkerLabel(string workerId) => new() { [TaskLabels.WorkerId] = workerId };

    private static async Task RunsAHandMadeTaskAsync(TopologyCluster cluster, string ns, string name, IDictionary<string, string>? labels = null)
    {
        await cluster.CreateTaskAsync(ns, name, labels: labels);
        var task = await cluster.WaitForTaskAsync(ns, name, t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
        Assert.That(task.Status!.ExitCode, Is.EqualTo(0));
    }

    /// <summary>Assigns a task through the fake Oz and waits until its report is confirmed; returns the Oz session.</summary>
    private static async Task<FakeOzSession> RunsAnOzTaskAsync(TopologyCluster cluster, FakeOzServer oz, string ns, string workerId, string taskId)
    {
        var session = await oz.NextSessionAsync(TimeSpan.FromSeconds(30));
        Assert.That(session.Handshake.WorkerIds, Is.EqualTo(new[] { workerId }));
        await session.SendJsonAsync(OzMessages.Assignment(taskId));
        await session.ReceiveOfTypeAsync("task_claimed");
        var completed = await session.ReceiveOfTypeAsync("task_completed", TimeSpan.FromSeconds(30));
        var task = await cluster.WaitForTaskAsync(ns, OzTaskNames.AgentTaskName(taskId, ""), t => t.Status?.ReportedToOz == true, "reportedToOz recorded");
        Assert.Multiple(() =>
        {
            Assert.That(TaskIdOf(completed), Is.EqualTo(taskId));
            Assert.That(task.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
        });
        return session;
    }

    /// <summary>
    /// Every message the worker sent on this connection that the test has not read yet: the server
    /// closes the connection (unless it already ended) and waits for it to end, after which nothing
    /// more can arrive on it.
    /// </summary>
    private static async Task<IReadOnlyList<JsonElement>> DrainAsync(FakeOzSession session)
    {
        if (!session.Ended.IsCompleted)
        {
            try
            {
                await session.CloseAsync();
            }
            catch (WebSocketException)
            {
                // The connection broke on its own (its worker was killed): it ends all the same.
            }
        }

        await Eventually.Within(session.Ended, "the Oz connection to end");
        return session.Unread();
    }

    private static string? TaskIdOf(JsonElement message) =>
        message.TryGetProperty("data", out var data) && data.TryGetProperty("task_id", out var id) ? id.GetString() : null;

    /// <summary>Names of the AgentTasks and Jobs (by their task) an install's operator wrote.</summary>
    private static IEnumerable<string> TaskWrites(TopologyCluster cluster, InstallManifests install) =>
        cluster.Sim.RequestLog.Entries
            .Where(e => e.User == TopologyCluster.UserOf(install) && e.Verb is "create" or "update" or "patch" or "delete" && e.Resource is "agenttasks" or "jobs" && e.Name is not null)
            .Where(e => !(e.Resource == "jobs" && e.Name!.StartsWith("oz-preflight-", StringComparison.Ordinal)))
            .Select(e => e.Resource == "jobs" ? TaskOfJob(cluster, e.Name!) : e.Name!)
            .Distinct();

    private static string TaskOfJob(TopologyCluster cluster, string job) =>
        cluster.Writes.Writes.Where(w => w.Type.Plural == "jobs" && (string?)w.Object["metadata"]?["name"] == job)
            .Select(w => (string?)w.Object["metadata"]?["labels"]?[TaskLabels.AgentTask])
            .FirstOrDefault() ?? job;

    /// <summary>The chart's Roles grant everything the operator did: no request of it was refused.</summary>
    private static Task AssertRefusedNothingAsync(TopologyCluster cluster, InstallManifests install)
    {
        var refused = cluster.Sim.RequestLog.Entries.Where(e => e.User == TopologyCluster.UserOf(install) && e.Code is 401 or 403)
            .Select(e => $"{e.Code} {e.Verb} {e.Group}/{e.Resource}/{e.Subresource} {e.Namespace}/{e.Name}");
        Assert.That(refused, Is.Empty, $"{install.Source}: requests the API server refused the operator");
        return Task.CompletedTask;
    }

    /// <summary>Every Event the operator wrote regards an object that exists.</summary>
    private static async Task AssertEventsRegardExistingObjectsAsync(TopologyCluster cluster, params string[] namespaces)
    {
        foreach (var ns in namespaces)
        {
            foreach (var e in (await cluster.Admin.EventsV1.ListNamespacedEventAsync(ns)).Items.Where(e => e.ReportingController?.StartsWith("oz.warp.dev/", StringComparison.Ordinal) == true))
            {
                var regarding = e.Regarding;
                var exists = regarding.Kind switch
                {
                    "Pod" => await Exists(() => cluster.Admin.CoreV1.ReadNamespacedPodAsync(regarding.Name, regarding.NamespaceProperty)),
                    "Lease" => await Exists(() => cluster.Admin.CoordinationV1.ReadNamespacedLeaseAsync(regarding.Name, regarding.NamespaceProperty)),
                    AgentTask.KindName => await cluster.GetTaskAsync(regarding.NamespaceProperty, regarding.Name) is not null,
                    _ => false,
                };
                Assert.That(exists, Is.True, $"Event {e.Reason} in {ns} regards {regarding.Kind} {regarding.NamespaceProperty}/{regarding.Name}, which does not exist");
            }
        }
    }

    private static async Task<bool> Exists<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
