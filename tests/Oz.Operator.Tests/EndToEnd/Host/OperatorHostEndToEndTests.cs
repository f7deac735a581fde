using Oz.KubeSim.Diagnostics;
using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>The real operator host (health, informers, preflight, leader election, controller) against KubeSim over HTTP.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class OperatorHostEndToEndTests
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    [Test]
    public async Task ATaskSucceedsEndToEnd()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        env.StartReplica("operator");

        await env.CreateTaskAsync("hello");

        var task = await env.WaitForTaskAsync("hello", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.ExitCode, Is.EqualTo(0));
            Assert.That(task.Status.JobName, Is.Not.Empty);
            Assert.That(task.Status.CompletionTime, Is.Not.Null);
            Assert.That(task.Status.Duration, Does.Match("^[0-9]+s$"), "status.duration, printed as the Duration column");
        });
    }

    [Test]
    public async Task EachTaskOfABatchGetsExactlyOneJobAndItsRequestsAreCounted()
    {
        const int Tasks = 5;
        await using var env = await HostOnKubeSim.StartAsync();
        var recorder = new WriteRecorder();
        env.Sim.Admission.Add(recorder);
        var replica = env.StartReplica("operator");
        await Eventually.Until(() => replica.Components.Readiness.IsReady && replica.Components.Election.IsLeader, "the replica ready and leading");
        env.Sim.RequestLog.Clear();

        var names = Enumerable.Range(0, Tasks).Select(i => $"batch-{i}").ToList();
        foreach (var name in names)
        {
            await env.CreateTaskAsync(name);
        }

        foreach (var name in names)
        {
            await env.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Succeeded && t.Status.JobName is not null, "Succeeded");
        }

        // Cleanup deletes each finished Job: wait for the last write of the success path.
        await Eventually.Until(() => OperatorRequests(env.Sim.RequestLog, "operator").Count(e => e.Verb == "delete" && e.Resource == "jobs") >= Tasks, "every finished Job deleted");
        var perTask = OperatorRequests(env.Sim.RequestLog, "operator")
            .Where(e => e.Resource != "leases")
            .GroupBy(e => $"{e.Verb} {e.Resource}{(e.Subresource is null ? "" : "/" + e.Subresource)}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {g.Count() / (double)Tasks:0.##}");
        TestContext.Progress.WriteLine($"API requests per task on the success path ({Tasks} tasks, leases excluded):\n  " + string.Join("\n  ", perTask));

        // Events are written in the background: each task's Starting and Succeeded Events may come last.
        await Eventually.Until(() => Writes("create", "events") >= 2 * Tasks, "the Starting and Succeeded Events of every task");
        Assert.Multiple(() =>
        {
            Assert.That(names.Select(recorder.JobCreatesFor), Is.All.EqualTo(1));
            Assert.That(OperatorRequests(env.Sim.RequestLog, "operator").Count(e => e.Verb is "list" or "get" && e.Resource == "agenttasks"), Is.Zero, "AgentTasks are read from the cache");

            // The success path, measured: finalizer 1, Job create 1, status 2 (Starting with the
            // Job, then Succeeded; Running only when the pod is seen running), Events 2, Job delete 1.
            Assert.That(Writes("patch", "agenttasks"), Is.EqualTo(Tasks), "one finalizer write per task");
            Assert.That(Writes("create", "jobs"), Is.EqualTo(Tasks));
            Assert.That(Writes("delete", "jobs"), Is.EqualTo(Tasks));
            Assert.That(Writes("patch", "agenttasks", "status"), Is.InRange(2 * Tasks, 3 * Tasks), "status writes: Starting, [Running], Succeeded");
            Assert.That(Writes("create", "events"), Is.EqualTo(Writes("patch", "agenttasks", "status")), "one Event per phase change");
        });

        int Writes(string verb, string resource, string? subresource = null) =>
            OperatorRequests(env.Sim.RequestLog, "operator").Count(e => e.Verb == verb && e.Resource == resource && e.Subresource == subresource);
    }

    [Test]
    public async Task AnOperatorRestartedMidRunAdoptsItsJobAndCreatesNoSecondOne()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var recorder = new WriteRecorder();
        env.Sim.Admission.Add(recorder);
        env.Sim.Scripts.Script("example/slow:1", "exit:0 after:20s");
        var first = env.StartReplica("operator-1");
        await env.CreateTaskAsync("long", spec => spec.Image = "example/slow:1");
        await env.WaitForTaskAsync("long", t => t.Status?.Phase == AgentTaskPhase.Running, "Running");

        Assert.That(await first.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        var second = env.StartReplica("operator-2");

        var task = await env.WaitForTaskAsync("long", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded after the restart");
        Assert.Multiple(() =>
        {
            Assert.That(recorder.JobCreatesFor("long"), Is.EqualTo(1));
            Assert.That(task.Status!.ExitCode, Is.EqualTo(0));
            Assert.That(env.Sim.RequestLog.Entries.Any(e => e.User == second.User && e.Resource == "agenttasks" && e.Subresource == "status"), Is.True, "the restarted operator finished the task");
        });
    }

    [Test]
    public async Task OfTwoReplicasOnlyTheLeaderWritesAndTheStandbyTakesOverWhenItStops()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var a = env.StartReplica("replica-a");
        await Eventually.Until(() => a.Components.Election.IsLeader, "replica a leading");
        var b = env.StartReplica("replica-b");
        var standbyReconciles = 0;
        b.Components.Tasks.Controller.Reconciled += (_, _, _) => Interlocked.Increment(ref standbyReconciles);
        await Eventually.Until(() => b.Components.Readiness.IsReady, "the standby ready");

        // Both replicas ran preflight (its Job, dry run and Event are every replica's); from here on
        // only task work writes.
        env.Sim.RequestLog.Clear();

        foreach (var name in new[] { "one", "two", "three" })
        {
            await env.CreateTaskAsync(name);
        }

        foreach (var name in new[] { "one", "two", "three" })
        {
            await env.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded under replica a");
        }

        Assert.Multiple(() =>
        {
            Assert.That(Volatile.Read(ref standbyReconciles), Is.Zero, "the standby reconciled");
            Assert.That(TaskWrites(env.Sim.RequestLog, b.User).Select(e => $"{e.Verb} {e.Resource}/{e.Subresource} {e.Name}"), Is.Empty, "the standby wrote");
            Assert.That(TaskWrites(env.Sim.RequestLog, a.User), Is.Not.Empty);
        });

        Assert.That(await a.StopAsync(), Is.EqualTo(ExitCodes.Ok));
        await Eventually.Until(() => b.Components.Election.IsLeader, "replica b taking over");
        await env.CreateTaskAsync("four");

        await env.WaitForTaskAsync("four", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded under replica b");
        Assert.That(TaskWrites(env.Sim.RequestLog, b.User).Any(e => e.Verb == "create" && e.Resource == "jobs"), Is.True);
    }

    [Test]
    public async Task HealthAndReadinessAnswerOverHttpOnceCachesSyncedAndPreflightPassed()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var replica = env.StartReplica("operator");
        var url = await replica.HealthUrlAsync();
        using var http = new HttpClient { BaseAddress = url };

        await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, () => "/readyz 200");
        var verbose = await http.GetStringAsync("/readyz?verbose");
        var health = await http.GetAsync("/healthz");

        Assert.Multiple(() =>
        {
            Assert.That(verbose, Does.Contain("[+]caches-synced ok").And.Contain("[+]preflight ok").And.Contain("[+]leader-election ok"));
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task WithoutTheCrdPreflightFailsAndTheHostExitsWithCode3NeverReadyNorLeading()
    {
        await using var env = await HostOnKubeSim.StartAsync(withCrd: false);
        var replica = env.StartReplica("operator");

        var exitCode = await replica.Run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.PreflightFailed));
            Assert.That(replica.Components.Readiness.Snapshot().Single(g => g.Name == "preflight").Healthy, Is.False);
            Assert.That(env.Sim.RequestLog.Entries.Any(e => e.User == replica.User && e.Resource == "leases" && e.Verb is "create" or "update"), Is.False, "campaigned for the Lease");
        });
    }

    private static IEnumerable<RequestLogEntry> OperatorRequests(RequestLog log, string user) => log.Entries.Where(e => e.User == user);

    /// <summary>Writes other than the Lease's: what only a working (leading) replica does.</summary>
    private static List<RequestLogEntry> TaskWrites(RequestLog log, string user) =>
        [.. log.Entries.Where(e => e.User == user && WriteVerbs.Contains(e.Verb) && e.Resource != "leases")];
}
