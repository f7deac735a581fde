using Oz.Bench.Reporting;
using Oz.Bench.Scenarios;

namespace Oz.Bench;

/// <summary>Runs one scenario, prints its Markdown table and writes its JSON file.</summary>
public static class BenchCommand
{
    private const string Usage = """
        usage: Oz.Bench <scenario> [args] [--json FILE]
          limit [N=2000] [--concurrency 32]        N Jobs created directly: the raw limit (Jobs/s)
          burst [N=2000] [--concurrency 32] [--workers W]  N AgentTasks at once (runs limit N first)
          steady [RATE] [SECONDS=30]               AgentTasks at RATE/s (default: half the limit, measured first)
          scale [N=10000] [--idle 60] [--operator PATH] [--limit 900]
                                                   N tracked AgentTasks, the operator in its own process: RSS, list time, idle requests
          chaos [N=500] [--restarts 10] [--limit 300]  restarts, dropped watches, compaction, 10% failing requests
          process [N=1000] [--bursts 2] [--concurrency 16] [--operator PATH] [--idle 10] [--env NAME=VALUE]
                                                   the published operator in its own process: CPU, RSS, GC per task
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        BenchArguments parsed;
        try
        {
            parsed = BenchArguments.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var reports = await RunScenarioAsync(parsed, cancel.Token);
        if (reports is null)
        {
            Console.Error.WriteLine($"unknown scenario: {parsed.Scenario}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var report = reports[^1];
        foreach (var r in reports)
        {
            Console.WriteLine(r.ToMarkdown());
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(parsed.JsonPath));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        await File.WriteAllTextAsync(parsed.JsonPath, report.ToJson(), cancel.Token);
        Console.WriteLine($"JSON: {parsed.JsonPath}  (load average: {ScenarioReport.LoadAverage()})");
        return report.AllTargetsMet ? 0 : 1;
    }

    /// <summary>`--env NAME=VALUE[,NAME=VALUE…]`: runtime settings for the measured operator process.</summary>
    private static Dictionary<string, string> EnvironmentOption(BenchArguments a) =>
        a.Options.TryGetValue("env", out var text)
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal)
            : [];

    private static async Task<IReadOnlyList<ScenarioReport>?> RunScenarioAsync(BenchArguments a, CancellationToken ct)
    {
        var concurrency = a.IntOption("concurrency", LimitScenario.DefaultConcurrency);
        switch (a.Scenario)
        {
            case "limit":
                return [(await LimitScenario.RunAsync(a.Int(0, 2000), concurrency, ct)).Report];
            case "burst":
                return [await BurstScenario.RunAsync(new BurstSettings { Tasks = a.Int(0, 2000), Concurrency = concurrency, TimeLimit = TimeSpan.FromSeconds(a.IntOption("limit", 300)), MeasureLimit = a.IntOption("measure-limit", 1) == 1, Workers = a.Options.ContainsKey("workers") ? a.IntOption("workers", 0) : null }, ct)];
            case "steady":
                return [await SteadyScenario.RunAsync(a.Number(0), TimeSpan.FromSeconds(a.Number(1) ?? 30), a.IntOption("limit-jobs", 1000), ct)];
            case "scale":
                return [await ScaleScenario.RunAsync(new ScaleSettings { Tasks = a.Int(0, 10000), Idle = TimeSpan.FromSeconds(a.IntOption("idle", 60)), OperatorPath = a.Options.GetValueOrDefault("operator"), TimeLimit = TimeSpan.FromSeconds(a.IntOption("limit", 900)), Environment = EnvironmentOption(a) }, ct)];
            case "chaos":
                return [await ChaosScenario.RunAsync(new ChaosSettings { Tasks = a.Int(0, 500), Restarts = a.IntOption("restarts", 10), TimeLimit = TimeSpan.FromSeconds(a.IntOption("limit", 300)) }, ct)];
            case "process":
                return [await ProcessScenario.RunAsync(new ProcessSettings { Tasks = a.Int(0, 1000), Bursts = a.IntOption("bursts", 2), Concurrency = a.IntOption("concurrency", 16), OperatorPath = a.Options.GetValueOrDefault("operator"), Idle = TimeSpan.FromSeconds(a.IntOption("idle", 10)), TimeLimit = TimeSpan.FromSeconds(a.IntOption("limit", 300)), Environment = EnvironmentOption(a) }, ct)];
            default:
                return null;
        }
    }
}
