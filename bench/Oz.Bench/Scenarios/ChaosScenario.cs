using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;

namespace Oz.Bench.Scenarios;

/// <summary>
/// Tasks run while the operator is restarted at random moments, every watch stream is dropped every
/// few seconds, history is compacted and a tenth of all requests fail with 500 or 429. Nothing may
/// be lost, run twice or left stuck.
/// </summary>
public static class ChaosScenario
{
    public static async Task<ScenarioReport> RunAsync(ChaosSettings settings, CancellationToken cancellationToken)
    {
        await using var host = await SimulatorHost.StartAsync();
        var op = OperatorInstance.Start(host);
        await op.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var names = Enumerable.Range(0, settings.Tasks).Select(i => TaskCreator.NameOf("chaos", i)).ToList();
        var states = new TaskStates(host);
        var random = new Random(settings.Seed);
        var restartsAt = new Queue<TimeSpan>(Enumerable.Range(0, settings.Restarts)
            .Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * settings.Window.TotalMilliseconds)).Order());

        var from = DateTimeOffset.UtcNow;
        host.Sim.Faults.ServerErrorRate = settings.ServerErrorRate;
        host.Sim.Faults.ThrottleRate = settings.ThrottleRate;
        var clock = Stopwatch.StartNew();
        var arrivals = CreateSpreadAsync(host, names, settings.Window / 2, cancellationToken);
        var restarts = 0;
        var uncleanStops = 0;
        var drops = 0;
        var compactions = 0;
        var nextDrop = settings.DropWatchesEvery;
        var nextCompaction = settings.CompactEvery;
        var allTerminal = false;
        var lastState = "";
        var leadingAndSynced = false;
        try
        {
            while (clock.Elapsed < settings.TimeLimit)
            {
                if (restartsAt.Count > 0 && clock.Elapsed >= restartsAt.Peek())
                {
                    restartsAt.Dequeue();
                    if (await op.StopAsync() is null)
                    {
                        uncleanStops++;
                    }

                    await op.DisposeAsync();
                    await Task.Delay(random.Next(0, 500), cancellationToken);
                    op = OperatorInstance.Start(host);
                    restarts++;
                }

                if (clock.Elapsed >= nextDrop)
                {
                    drops += host.DropApiWatches();
                    nextDrop += settings.DropWatchesEvery;
                }

                if (clock.Elapsed >= nextCompaction)
                {
                    host.Sim.Faults.Compact();
                    compactions++;
                    nextCompaction += settings.CompactEvery;
                }

                if (arrivals.IsCompleted && restartsAt.Count == 0 && states.CountTerminal(names) == names.Count)
                {
                    allTerminal = true;
                    break;
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        finally
        {
            // The loop may end just after a restart: the fresh instance has not taken the Lease or
            // filled its caches yet. That is a moment, not a finding; give it the time a start
            // takes (faults still on) and judge the state it reaches. An instance that exited
            // (preflight refused, a lost term) never gets there and is reported so.
            leadingAndSynced = await SettleAsync(op, SettleLimit, cancellationToken);
            lastState = OperatorState(op);
            await op.DisposeAsync();
        }

        await arrivals;
        var elapsed = clock.Elapsed;
        host.Sim.Faults.Reset();
        var outcomes = TaskOutcomes.Of(host, names);
        var window = RequestWindow.Of(host, from);
        var report = Build(settings, outcomes, elapsed, allTerminal, restarts, uncleanStops, drops, compactions, window, host.Sim.Store.Count(Oz.KubeSim.Store.BuiltInResources.Jobs));
        report.Add("Last operator instance leading and synced at the end", leadingAndSynced ? "yes" : "no", "yes", leadingAndSynced);
        report.Set("lastInstanceLeadingAndSynced", leadingAndSynced);
        report.Add("Last operator instance at the end", lastState);
        report.Set("lastOperatorState", lastState);
        var lastMinute = window.ByOperator.Count(e => e.Timestamp > DateTimeOffset.UtcNow - TimeSpan.FromSeconds(60));
        report.Add("Operator requests in the last 60 s", lastMinute.ToString(CultureInfo.InvariantCulture));
        report.Set("jobsEverCreated", host.JobCreations.Creations.Count);
        var lease = string.Join(", ", window.ByOperator.Where(e => e.Resource == "leases").GroupBy(e => $"{e.Verb} {e.Code}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        report.Add("Lease requests by verb and code", lease);
        report.Set("leaseRequests", lease);
        report.Add("Jobs ever created", host.JobCreations.Creations.Count.ToString(CultureInfo.InvariantCulture));
        return report;
    }

    /// <summary>How long the last instance may take, after the run, to lead with synced caches.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    /// <summary>True once <paramref name="op"/> leads with synced caches; false if it exited or the limit passed.</summary>
    private static async Task<bool> SettleAsync(OperatorInstance op, TimeSpan limit, CancellationToken cancellationToken)
    {
        try
        {
            await op.WaitReadyAsync(limit, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What the operator was doing when the run ended (to explain stuck tasks).</summary>
    private static string OperatorState(OperatorInstance op)
    {
        var informers = string.Join(", ", op.Components.Tasks.Informers.Select(i =>
            $"{i.Name}: synced={i.HasSynced} restarts={i.WatchRestarts} failingSince={i.FailingSince?.ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "-"}"));
        return $"leader={op.Components.Election.IsLeader} queue={op.QueueLength} delayed={op.Components.Tasks.Controller.Queue.DelayedLength}; {informers}";
    }

    /// <summary>Creates the tasks evenly over <paramref name="over"/> (retrying injected failures).</summary>
    private static async Task CreateSpreadAsync(SimulatorHost host, IReadOnlyList<string> names, TimeSpan over, CancellationToken cancellationToken)
    {
        var creator = new TaskCreator(host.Bench);
        var clock = Stopwatch.StartNew();
        var pending = new List<Task>();
        for (var i = 0; i < names.Count; i++)
        {
            var due = over * (i / (double)names.Count);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            pending.Add(creator.CreateAsync(TaskCreator.NewTask(names[i]), cancellationToken));
        }

        await Task.WhenAll(pending);
    }

    private static ScenarioReport Build(
        ChaosSettings settings, TaskOutcomes outcomes, TimeSpan elapsed, bool allTerminal, int restarts, int uncleanStops,
        int drops, int compactions, RequestWindow window, int jobsLeft)
    {
        var report = new ScenarioReport($"chaos {settings.Tasks}");
        var faults = window.Failures(500, 429);
        report.Add("Tasks", settings.Tasks.ToString(CultureInfo.InvariantCulture));
        report.Add("Operator restarts (cancel + fresh start)", restarts.ToString(CultureInfo.InvariantCulture), settings.Restarts.ToString(CultureInfo.InvariantCulture), restarts == settings.Restarts);
        report.Add("Stops that did not finish within 30 s", uncleanStops.ToString(CultureInfo.InvariantCulture));
        report.Add("API watch streams dropped", drops.ToString(CultureInfo.InvariantCulture));
        report.Add("History compactions", compactions.ToString(CultureInfo.InvariantCulture));
        report.Add("Requests answered 500/429 (injected)", $"{faults} of {window.Entries.Count}");
        report.Add("Time until all terminal (s)", allTerminal ? ScenarioReport.Number(elapsed.TotalSeconds, 1) : $"not within {settings.TimeLimit.TotalSeconds} s");
        report.Add("Succeeded", $"{outcomes.Succeeded}/{outcomes.Tasks}");
        report.Add("Tasks lost", outcomes.Lost.Count.ToString(CultureInfo.InvariantCulture), "0", outcomes.Lost.Count == 0);
        report.Add("Jobs duplicated", outcomes.Duplicated.Count.ToString(CultureInfo.InvariantCulture), "0", outcomes.Duplicated.Count == 0);
        report.Add("Tasks stuck", outcomes.Stuck.Count.ToString(CultureInfo.InvariantCulture), "0", outcomes.Stuck.Count == 0);
        report.Add("Jobs left in the store", jobsLeft.ToString(CultureInfo.InvariantCulture));
        foreach (var line in outcomes.Lost.Concat(outcomes.Stuck).Take(20))
        {
            report.Add("  task", line);
        }

        foreach (var (task, count) in outcomes.Duplicated.Take(20))
        {
            report.Add("  duplicated", $"{task}: {count} Jobs");
        }

        report.Set("settings", new JsonObject
        {
            ["tasks"] = settings.Tasks,
            ["restarts"] = settings.Restarts,
            ["windowSeconds"] = settings.Window.TotalSeconds,
            ["dropWatchesEverySeconds"] = settings.DropWatchesEvery.TotalSeconds,
            ["compactEverySeconds"] = settings.CompactEvery.TotalSeconds,
            ["serverErrorRate"] = settings.ServerErrorRate,
            ["throttleRate"] = settings.ThrottleRate,
            ["timeLimitSeconds"] = settings.TimeLimit.TotalSeconds,
            ["seed"] = settings.Seed,
        });
        report.Set("restarts", restarts);
        report.Set("uncleanStops", uncleanStops);
        report.Set("watchStreamsDropped", drops);
        report.Set("compactions", compactions);
        report.Set("injectedFailures", faults);
        report.Set("requests", window.Entries.Count);
        report.Set("allTerminal", allTerminal);
        report.Set("seconds", elapsed.TotalSeconds);
        report.Set("outcomes", outcomes.ToJson());
        report.Set("jobsLeft", jobsLeft);
        return report;
    }
}
