using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;
using Oz.Crds.V1Alpha1;

namespace Oz.Bench.Scenarios;

/// <summary>
/// N finished AgentTasks held for their retention (24 h: at 10 000 tasks a day the operator tracks
/// 10 000): what the operator's caches and queue cost per 1000 tasks, and what an idle operator
/// asks of the API server.
/// </summary>
public static class ScaleScenario
{
    public const double WorkingSetTargetMiB = 150;

    public static async Task<ScenarioReport> RunAsync(int tasks, TimeSpan idle, CancellationToken cancellationToken)
    {
        await using var host = await SimulatorHost.StartAsync();
        var names = Enumerable.Range(0, tasks).Select(i => TaskCreator.NameOf("scale", i)).ToList();
        await SeedAsync(host, names, cancellationToken);

        var heapBefore = ResourceSampler.LiveHeapMiB();
        var workingSetBefore = ResourceSampler.WorkingSetMiB();
        await using var op = OperatorInstance.Start(host);
        var reconciled = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        op.Components.Controller.Controller.Reconciled += (key, _, _) => reconciled.TryAdd(key.ToString(), 0);
        await op.WaitReadyAsync(TimeSpan.FromMinutes(3), cancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while ((reconciled.Count < tasks || op.QueueLength > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }

        var heapAfter = ResourceSampler.LiveHeapMiB();
        var workingSetAfter = ResourceSampler.WorkingSetMiB();

        var from = DateTimeOffset.UtcNow;
        await Task.Delay(idle, cancellationToken);
        var window = RequestWindow.Of(host, from);
        var perMinute = 60 / idle.TotalSeconds;
        var byVerb = window.OperatorRequestsByVerb();
        var nonLease = window.ByOperator.Count(e => e.Resource != "leases") * perMinute;
        var cached = op.Components.Controller.Tasks.Cache.List().Count;

        var heapDelta = heapAfter - heapBefore;
        var workingSetDelta = workingSetAfter - workingSetBefore;
        var report = new ScenarioReport($"scale {tasks}");
        report.Add("AgentTasks tracked (in the operator's cache)", cached.ToString(CultureInfo.InvariantCulture));
        report.Add("Reconciled after start", $"{reconciled.Count}/{tasks}");
        report.Add("Live GC heap before the operator started (MiB, simulator + store)", ScenarioReport.Number(heapBefore));
        report.Add("Live GC heap with the operator synced (MiB)", ScenarioReport.Number(heapAfter));
        report.Add("Operator GC heap (after − before, MiB)", ScenarioReport.Number(heapDelta));
        report.Add("Operator GC heap per 1000 tracked AgentTasks (MiB)", ScenarioReport.Number(heapDelta / tasks * 1000, 2));
        report.Add("Working set growth when the operator started (MiB)", ScenarioReport.Number(workingSetDelta), $"≤ {WorkingSetTargetMiB}", workingSetDelta <= WorkingSetTargetMiB);
        report.Add("Process working set, operator + simulator (MiB)", ScenarioReport.Number(workingSetAfter));
        report.Add($"Idle window (s)", ScenarioReport.Number(idle.TotalSeconds, 0));
        report.Add("Idle API requests per minute, Lease excluded", ScenarioReport.Number(nonLease), "~0", nonLease <= 1);
        foreach (var (verb, count) in byVerb)
        {
            report.Add($"  {verb} per minute", ScenarioReport.Number(count * perMinute));
        }

        report.Set("tasks", tasks);
        report.Set("cached", cached);
        report.Set("reconciled", reconciled.Count);
        report.Set("heapBeforeMiB", heapBefore);
        report.Set("heapAfterMiB", heapAfter);
        report.Set("operatorHeapMiB", heapDelta);
        report.Set("operatorHeapPer1000MiB", heapDelta / tasks * 1000);
        report.Set("workingSetBeforeMiB", workingSetBefore);
        report.Set("workingSetAfterMiB", workingSetAfter);
        report.Set("idleSeconds", idle.TotalSeconds);
        report.Set("idleRequestsPerMinuteExcludingLease", nonLease);
        report.Set("idleRequestsPerMinute", new JsonObject([.. byVerb.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value * perMinute)))]));
        return report;
    }

    /// <summary>Creates the tasks and gives each the status of a finished task (through the status subresource).</summary>
    private static async Task SeedAsync(SimulatorHost host, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var creator = new TaskCreator(host.Bench);
        await creator.CreateAllAsync(names.Select(TaskCreator.NewTask), LimitScenario.DefaultConcurrency, cancellationToken);
        var now = DateTime.UtcNow;
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = LimitScenario.DefaultConcurrency, CancellationToken = cancellationToken }, async (name, ct) =>
        {
            var patch = new V1Patch(KubernetesJson.Serialize(new { status = FinishedTaskStatus.For(name, now) }), V1Patch.PatchType.MergePatch);
            await TaskCreator.RetryAsync(() => host.Bench.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, AgentTask.Group, AgentTask.Version, SimulatorHost.Namespace, AgentTask.Plural, name, cancellationToken: ct), ct);
        });
    }
}
