using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;

namespace Oz.Bench.Scenarios;

/// <summary>AgentTasks arriving at a steady rate: dispatch latency without a backlog to drain.</summary>
public static class SteadyScenario
{
    public const double P99TargetMs = 100;

    /// <summary>Runs at <paramref name="rate"/> tasks/s; null measures the raw limit first (<paramref name="limitJobs"/> Jobs) and takes half of it.</summary>
    public static async Task<ScenarioReport> RunAsync(double? rate, TimeSpan duration, int limitJobs, CancellationToken cancellationToken)
    {
        double? limit = null;
        if (rate is null)
        {
            (_, limit) = await LimitScenario.RunAsync(limitJobs, LimitScenario.DefaultConcurrency, cancellationToken);
            rate = limit / 2;
        }

        await using var host = await SimulatorHost.StartAsync();
        await using var op = OperatorInstance.Start(host);
        await op.WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var creator = new TaskCreator(host.Bench);
        var names = new List<string>();
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * rate.Value);
            while (names.Count < due)
            {
                var name = TaskCreator.NameOf("steady", names.Count);
                names.Add(name);
                inFlight.Add(creator.CreateAsync(TaskCreator.NewTask(name), cancellationToken));
            }

            await Task.Delay(5, cancellationToken);
        }

        await Task.WhenAll(inFlight);
        var offered = clock.Elapsed;
        var allTerminal = await new TaskStates(host).WaitAllTerminalAsync(names, TimeSpan.FromMinutes(3), cancellationToken);
        var latency = Percentiles.Of(DispatchLatency.Of(host, names).ToList());
        var achieved = names.Count / offered.TotalSeconds;
        var outcomes = TaskOutcomes.Of(host, names);

        var report = new ScenarioReport($"steady {ScenarioReport.Number(rate.Value)}/s for {duration.TotalSeconds} s");
        if (limit is { } raw)
        {
            report.Add("Raw limit, same run (Jobs/s)", ScenarioReport.Number(raw));
            report.Set("limitJobsPerSecond", raw);
        }

        report.Add("Offered rate (tasks/s)", ScenarioReport.Number(rate.Value));
        report.Add("Tasks created", names.Count.ToString(CultureInfo.InvariantCulture));
        report.Add("Achieved arrival rate (tasks/s)", ScenarioReport.Number(achieved));
        report.Add("Dispatch latency p50 / p95 (ms)", $"{ScenarioReport.Number(latency.P50)} / {ScenarioReport.Number(latency.P95)}");
        report.Add("Dispatch latency p99 (ms)", ScenarioReport.Number(latency.P99), $"≤ {P99TargetMs}", latency.P99 <= P99TargetMs);
        report.Add("Dispatch latency max (ms)", ScenarioReport.Number(latency.Max));
        report.Add("Succeeded", $"{outcomes.Succeeded}/{names.Count}", allTerminal ? "" : "(not all terminal within 3 min)", outcomes.Succeeded == names.Count);
        report.Add("Jobs duplicated", outcomes.Duplicated.Count.ToString(CultureInfo.InvariantCulture), "0", outcomes.Duplicated.Count == 0);
        report.Set("rate", rate.Value);
        report.Set("seconds", duration.TotalSeconds);
        report.Set("tasks", names.Count);
        report.Set("achievedRate", achieved);
        report.Set("dispatchMs", new JsonObject { ["count"] = latency.Count, ["p50"] = latency.P50, ["p95"] = latency.P95, ["p99"] = latency.P99, ["max"] = latency.Max });
        report.Set("outcomes", outcomes.ToJson());
        return report;
    }
}
