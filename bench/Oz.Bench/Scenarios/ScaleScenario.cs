using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;
using Oz.KubeSim.Api;

namespace Oz.Bench.Scenarios;

/// <summary>
/// N finished AgentTasks held for their retention (24 h: at N tasks a day the operator tracks N),
/// with the operator in its own process (the published oz-operator, as users run it): its resident
/// set once it has listed and settled, how long the paged initial list of the AgentTasks took and
/// in how many pages, and what the idle operator asks of the API server.
/// </summary>
public static class ScaleScenario
{
    /// <summary>The operator's resident set with 10 000 finished tasks tracked (MiB).</summary>
    public const double IdleRssTarget = 100;

    /// <summary>CPU below this share of one core over <see cref="QuietWindow"/> counts as settled.</summary>
    private const double QuietCpuPercent = 5;

    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(5);

    public static async Task<ScenarioReport> RunAsync(ScaleSettings settings, CancellationToken cancellationToken)
    {
        var binary = await OperatorBinary.ResolveAsync(settings.OperatorPath, cancellationToken);
        var workDir = Path.GetFullPath(settings.WorkDirectory);
        Directory.CreateDirectory(workDir);
        await using var host = await SimulatorHost.StartAsync();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(host, settings.Tasks, cancellationToken);
        seeding.Stop();

        var kubeconfig = host.WriteOperatorKubeconfig(Path.Combine(workDir, "operator.kubeconfig"));
        var started = DateTimeOffset.UtcNow;
        await using var op = OperatorProcess.Start(binary, kubeconfig, workDir, settings.Environment);
        var ready = await op.WaitReadyAsync(settings.TimeLimit, cancellationToken);
        var settled = await WaitSettledAsync(op, settings.TimeLimit, cancellationToken);
        var rssSettled = ProcessStats.RssMiB(op.Pid);
        var peakRss = ProcessStats.PeakRssMiB(op.Pid);

        var lists = RequestWindow.Of(host, started).ByOperator.Where(e => e.Verb == "list" && e.Resource == "agenttasks").OrderBy(e => e.Timestamp).ToList();
        var listSeconds = lists.Count == 0 ? 0 : (lists[^1].Timestamp - (lists[0].Timestamp - lists[0].Latency)).TotalSeconds;

        var from = DateTimeOffset.UtcNow;
        var cpu0 = ProcessStats.CpuTime(op.Pid);
        await Task.Delay(settings.Idle, cancellationToken);
        var idleCpu = 100 * (ProcessStats.CpuTime(op.Pid) - cpu0).TotalSeconds / settings.Idle.TotalSeconds;
        var window = RequestWindow.Of(host, from);
        var perMinute = 60 / settings.Idle.TotalSeconds;
        var byVerb = window.OperatorRequestsByVerb();
        var nonLease = window.ByOperator.Count(e => e.Resource != "leases") * perMinute;
        var rssIdle = ProcessStats.RssMiB(op.Pid);
        var exit = await op.StopAsync();

        var report = new ScenarioReport($"scale {settings.Tasks}");
        report.Add("Operator binary", binary);
        report.Add("Finished AgentTasks in the simulator", settings.Tasks.ToString(CultureInfo.InvariantCulture));
        report.Add("Seeding them in-process (s)", ScenarioReport.Number(seeding.Elapsed.TotalSeconds, 1));
        report.Add("Start → ready (s)", ScenarioReport.Number(ready.TotalSeconds, 1));
        report.Add("Initial AgentTask list: pages / time, first request to last answer (s)", $"{lists.Count} / {ScenarioReport.Number(listSeconds, 2)}");
        report.Add($"Start → settled (CPU < {QuietCpuPercent} % of a core over {QuietWindow.TotalSeconds:F0} s) (s)", settled is { } s ? ScenarioReport.Number(s.TotalSeconds, 1) : "not within the time limit");
        report.Add("Operator RSS settled (MiB)", ScenarioReport.Number(rssSettled));
        report.Add("Operator peak RSS since start (VmHWM, MiB)", ScenarioReport.Number(peakRss));
        report.Add("Operator RSS after the idle window (MiB)", ScenarioReport.Number(rssIdle), settings.Tasks <= 10000 ? $"≤ {IdleRssTarget}" : "", settings.Tasks <= 10000 ? rssIdle <= IdleRssTarget : null);
        report.Add($"Idle window (s)", ScenarioReport.Number(settings.Idle.TotalSeconds, 0));
        report.Add("Idle CPU (% of one core)", ScenarioReport.Number(idleCpu, 2));
        report.Add("Idle API requests per minute, Lease excluded", ScenarioReport.Number(nonLease), "~0", nonLease <= 1);
        foreach (var (verb, count) in byVerb)
        {
            report.Add($"  {verb} per minute", ScenarioReport.Number(count * perMinute));
        }

        report.Add("Exit code on SIGTERM", exit?.ToString(CultureInfo.InvariantCulture) ?? "did not stop within 30 s", "0", exit == 0);
        report.Set("tasks", settings.Tasks);
        report.Set("seedingSeconds", seeding.Elapsed.TotalSeconds);
        report.Set("readySeconds", ready.TotalSeconds);
        report.Set("listPages", lists.Count);
        report.Set("listSeconds", listSeconds);
        report.Set("settledSeconds", settled?.TotalSeconds);
        report.Set("rssSettledMiB", rssSettled);
        report.Set("peakRssMiB", peakRss);
        report.Set("rssIdleMiB", rssIdle);
        report.Set("idleSeconds", settings.Idle.TotalSeconds);
        report.Set("idleCpuPercent", idleCpu);
        report.Set("idleRequestsPerMinuteExcludingLease", nonLease);
        report.Set("idleRequestsPerMinute", new JsonObject([.. byVerb.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)(kv.Value * perMinute)))]));
        report.Set("exitCode", exit);
        return report;
    }

    /// <summary>
    /// Creates the tasks and gives each the status of a finished task, straight through the
    /// simulator's API in this process (validation and admission included, no HTTP): 100 000 tasks
    /// over loopback would take longer than the run they prepare.
    /// </summary>
    private static async Task SeedAsync(SimulatorHost host, int tasks, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var api = host.Sim.Api;
        await Parallel.ForEachAsync(Enumerable.Range(0, tasks), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, (i, _) =>
        {
            var name = TaskCreator.NameOf("scale", i);
            var ctx = new RequestContext(SimulatorHost.BenchUser);
            api.Create(host.AgentTasks, SimulatorHost.Namespace, (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(TaskCreator.NewTask(name)))!, ctx);
            var status = JsonNode.Parse(KubernetesJson.Serialize(new { status = FinishedTaskStatus.For(name, now) }))!;
            api.Patch(host.AgentTasks, SimulatorHost.Namespace, name, "application/merge-patch+json", status, ctx, "status", force: false);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Waits until the operator's CPU stays below <see cref="QuietCpuPercent"/> of a core for <see cref="QuietWindow"/>: it has reconciled what it listed.</summary>
    private static async Task<TimeSpan?> WaitSettledAsync(OperatorProcess op, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var cpu0 = ProcessStats.CpuTime(op.Pid);
            await Task.Delay(QuietWindow, cancellationToken);
            if (100 * (ProcessStats.CpuTime(op.Pid) - cpu0).TotalSeconds / QuietWindow.TotalSeconds < QuietCpuPercent)
            {
                return DateTime.UtcNow - op.StartedAt;
            }
        }

        return null;
    }
}
