using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;

namespace Oz.Bench.Scenarios;

/// <summary>N AgentTasks created at once against the real operator host; pods succeed after 1 s.</summary>
public static class BurstScenario
{
    /// <summary>Write requests per task allowed on the success path (create Job, status write(s), delete Job).</summary>
    public const double WriteTarget = 4;

    /// <summary>AgentTasks, Jobs, pods and AgentTaskSchedules: one shared watch each, however many tasks.</summary>
    public const int ExpectedWatchStreams = 4;

    public static async Task<ScenarioReport> RunAsync(BurstSettings settings, CancellationToken cancellationToken)
    {
        double? limit = null;
        if (settings.MeasureLimit)
        {
            (_, limit) = await LimitScenario.RunAsync(settings.Tasks, settings.Concurrency, cancellationToken);
        }

        await using var host = await SimulatorHost.StartAsync();
        await using var op = OperatorInstance.Start(host, settings.Workers is { } workers ? OperatorInstance.DefaultOptions with { ReconcileWorkers = workers } : null);
        await op.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var names = Enumerable.Range(0, settings.Tasks).Select(i => TaskCreator.NameOf("burst", i)).ToList();
        var states = new TaskStates(host);

        var from = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        int watchStreams;
        bool allTerminal;
        bool cleanedUp;
        bool eventsWritten;
        long eventsDropped;
        double peakWorkingSet, peakHeap;
        await using (var sampler = new ResourceSampler())
        {
            await new TaskCreator(host.Bench).CreateAllAsync(names.Select(TaskCreator.NewTask), settings.Concurrency, cancellationToken);
            var created = clock.Elapsed;
            allTerminal = await states.WaitAllTerminalAsync(names, settings.TimeLimit, cancellationToken);
            var terminal = clock.Elapsed;
            cleanedUp = await states.WaitNoJobsAsync(TimeSpan.FromSeconds(30), cancellationToken);

            // The operator writes Events in the background: count them all, not only those sent so far.
            var events = op.Components.Tasks.Reconciler.Events;
            eventsWritten = await WaitAsync(events.WhenIdleAsync(), TimeSpan.FromSeconds(30), cancellationToken);
            eventsDropped = events.Dropped;
            watchStreams = host.OpenWatchStreams();
            peakWorkingSet = sampler.PeakWorkingSetMiB;
            peakHeap = sampler.PeakGcHeapMiB;
            var report = Build(settings, host, names, from, limit, created, terminal, allTerminal, cleanedUp, watchStreams, peakWorkingSet, peakHeap);
            report.Add("Operator Events written / dropped", eventsWritten ? $"all / {eventsDropped}" : $"still queued after 30 s / {eventsDropped}");
            report.Set("eventsDropped", eventsDropped);
            return report;
        }
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(limit, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static ScenarioReport Build(
        BurstSettings settings, SimulatorHost host, IReadOnlyCollection<string> names, DateTimeOffset from, double? limit,
        TimeSpan created, TimeSpan terminal, bool allTerminal, bool cleanedUp, int watchStreams, double peakWorkingSet, double peakHeap)
    {
        var n = names.Count;
        var report = new ScenarioReport($"burst {n}");
        var latency = Percentiles.Of(DispatchLatency.Of(host, names).ToList());
        var throughput = DispatchLatency.Throughput(host, names);
        var outcomes = TaskOutcomes.Of(host, names);
        var window = RequestWindow.Of(host, from);
        var byVerb = window.OperatorRequestsByVerb();
        var writes = window.OperatorWrites() / (double)n;

        report.Add("Tasks", n.ToString(CultureInfo.InvariantCulture));
        report.Add("Bench create concurrency", settings.Concurrency.ToString(CultureInfo.InvariantCulture));
        report.Add("All AgentTasks created after (s)", ScenarioReport.Number(created.TotalSeconds, 2));
        report.Add("Dispatch latency p50 / p95 / p99 / max (ms)", $"{ScenarioReport.Number(latency.P50)} / {ScenarioReport.Number(latency.P95)} / {ScenarioReport.Number(latency.P99)} / {ScenarioReport.Number(latency.Max)}");
        report.Add("Dispatch throughput (tasks/s)", ScenarioReport.Number(throughput));
        if (limit is { } raw)
        {
            var ratio = throughput / raw;
            report.Add("Raw limit, same run (Jobs/s)", ScenarioReport.Number(raw));
            report.Add("Throughput / limit", ScenarioReport.Number(ratio, 2), "≥ 0.80", ratio >= 0.8);
            report.Set("limitJobsPerSecond", raw);
            report.Set("throughputRatio", ratio);
        }

        report.Add("Time until all terminal (s)", allTerminal ? ScenarioReport.Number(terminal.TotalSeconds, 2) : $"not within {settings.TimeLimit.TotalSeconds} s");
        report.Add("Succeeded", $"{outcomes.Succeeded}/{n}", $"{n}/{n}", outcomes.Succeeded == n);
        report.Add("Jobs duplicated", outcomes.Duplicated.Count.ToString(CultureInfo.InvariantCulture), "0", outcomes.Duplicated.Count == 0);
        report.Add("Jobs cleaned up", cleanedUp ? "all" : $"{host.Sim.Store.Count(Oz.KubeSim.Store.BuiltInResources.Jobs)} left after 30 s");
        report.Add("Write requests per task (no Lease)", ScenarioReport.Number(writes, 2), $"≤ {WriteTarget}", writes <= WriteTarget);
        var eventWrites = byVerb.TryGetValue("create events", out var eventCount) ? eventCount / (double)n : 0;
        report.Add("  of which on the reconcile path (Events excluded)", ScenarioReport.Number(writes - eventWrites, 2));
        report.Set("reconcileWritesPerTask", writes - eventWrites);
        foreach (var (verb, count) in byVerb)
        {
            report.Add($"  {verb} per task", ScenarioReport.Number(count / (double)n, 3));
        }

        report.Add("Open watch streams", watchStreams.ToString(CultureInfo.InvariantCulture), ExpectedWatchStreams.ToString(CultureInfo.InvariantCulture), watchStreams == ExpectedWatchStreams);
        report.Add("Peak working set, operator + simulator (MiB)", ScenarioReport.Number(peakWorkingSet));
        report.Add("Peak GC heap, operator + simulator (MiB)", ScenarioReport.Number(peakHeap));

        report.Set("tasks", n);
        report.Set("concurrency", settings.Concurrency);
        report.Set("createdSeconds", created.TotalSeconds);
        report.Set("dispatchMs", new JsonObject { ["count"] = latency.Count, ["p50"] = latency.P50, ["p95"] = latency.P95, ["p99"] = latency.P99, ["max"] = latency.Max });
        report.Set("throughputPerSecond", throughput);
        report.Set("allTerminal", allTerminal);
        report.Set("terminalSeconds", terminal.TotalSeconds);
        report.Set("outcomes", outcomes.ToJson());
        report.Set("writesPerTask", writes);
        report.Set("operatorRequests", new JsonObject([.. byVerb.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]));
        report.Set("watchStreams", watchStreams);
        report.Set("peakWorkingSetMiB", peakWorkingSet);
        report.Set("peakGcHeapMiB", peakHeap);
        return report;
    }
}
