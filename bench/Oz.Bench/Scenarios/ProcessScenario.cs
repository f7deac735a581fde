using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Oz.Bench.Harness;
using Oz.Bench.Measurement;
using Oz.Bench.Reporting;

namespace Oz.Bench.Scenarios;

/// <summary>
/// The operator alone: the published oz-operator in its own process (as users run it) against the
/// simulator in the bench's process. Bursts of N hand-made AgentTasks, the first right after start
/// (cold) and the rest on the same, warm process. Operator CPU and memory come from /proc, its GC
/// and JIT figures from the bench's startup hook inside it; the simulator's CPU (with the bench's
/// own client) is this process's, reported beside it.
/// </summary>
public static class ProcessScenario
{
    /// <summary>Operator CPU per task once warm, and for the first burst after start (ms).</summary>
    public const double WarmCpuTarget = 3;

    public const double ColdCpuTarget = 5;

    /// <summary>Operator peak resident set during a burst (MiB).</summary>
    public const double PeakRssTarget = 150;

    public static async Task<ScenarioReport> RunAsync(ProcessSettings settings, CancellationToken cancellationToken)
    {
        var binary = await OperatorBinary.ResolveAsync(settings.OperatorPath, cancellationToken);
        var workDir = Path.GetFullPath(settings.WorkDirectory);
        Directory.CreateDirectory(workDir);
        await using var host = await SimulatorHost.StartAsync();
        var kubeconfig = host.WriteOperatorKubeconfig(Path.Combine(workDir, "operator.kubeconfig"));
        await using var op = OperatorProcess.Start(binary, kubeconfig, workDir, settings.Environment);
        var ready = await op.WaitReadyAsync(TimeSpan.FromSeconds(120), cancellationToken);

        var report = new ScenarioReport($"process {settings.Tasks} x {settings.Bursts}");
        report.Add("Operator binary", binary);
        report.Add("Start → ready (s)", ScenarioReport.Number(ready.TotalSeconds, 2));
        report.Add("Operator RSS when ready (MiB)", ScenarioReport.Number(ProcessStats.RssMiB(op.Pid)));
        report.Set("readySeconds", ready.TotalSeconds);

        var idle = await MeasureIdleAsync(op, settings.Idle, cancellationToken);
        report.Add($"Idle CPU over {settings.Idle.TotalSeconds:F0} s after ready (% of one core)", ScenarioReport.Number(idle.CpuPercent, 2));
        report.Add("Idle: methods JIT-compiled / JIT time (ms)", $"{idle.Jitted} / {ScenarioReport.Number(idle.JitMs)}");
        report.Set("idle", new JsonObject { ["seconds"] = settings.Idle.TotalSeconds, ["cpuPercent"] = idle.CpuPercent, ["jittedMethods"] = idle.Jitted, ["jitMs"] = idle.JitMs });

        var bursts = new JsonArray();
        var allGood = true;
        for (var b = 0; b < settings.Bursts; b++)
        {
            var figures = await RunBurstAsync(host, op, settings, b, cancellationToken);
            AddRows(report, figures, b == 0 ? "cold" : "warm", b == 0 ? ColdCpuTarget : WarmCpuTarget);
            bursts.Add(figures.ToJson());
            allGood &= figures.Outcomes.Succeeded == settings.Tasks && figures.Outcomes.Duplicated.Count == 0;
        }

        report.Set("bursts", bursts);
        report.Set("allSucceededOnce", allGood);
        var exit = await op.StopAsync();
        report.Add("Exit code on SIGTERM", exit?.ToString(CultureInfo.InvariantCulture) ?? "did not stop within 30 s", "0", exit == 0);
        report.Set("exitCode", exit);
        return report;
    }

    private static async Task<(double CpuPercent, long Jitted, double JitMs)> MeasureIdleAsync(OperatorProcess op, TimeSpan idle, CancellationToken cancellationToken)
    {
        var probe0 = await RuntimeProbe.ReadFreshAsync(op.ProbeFile, cancellationToken);
        var cpu0 = ProcessStats.CpuTime(op.Pid);
        await Task.Delay(idle, cancellationToken);
        var cpu1 = ProcessStats.CpuTime(op.Pid);
        var probe1 = await RuntimeProbe.ReadFreshAsync(op.ProbeFile, cancellationToken);
        return (
            100 * (cpu1 - cpu0).TotalSeconds / idle.TotalSeconds,
            (probe1?.JittedMethods ?? 0) - (probe0?.JittedMethods ?? 0),
            (probe1?.JitMs ?? 0) - (probe0?.JitMs ?? 0));
    }

    private static async Task<ProcessBurstFigures> RunBurstAsync(SimulatorHost host, OperatorProcess op, ProcessSettings settings, int index, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, settings.Tasks).Select(i => TaskCreator.NameOf($"p{index}", i)).ToList();
        var states = new TaskStates(host);
        var from = DateTimeOffset.UtcNow;
        var probe0 = await RuntimeProbe.ReadFreshAsync(op.ProbeFile, cancellationToken);
        var cpu0 = ProcessStats.CpuTime(op.Pid);
        var sim0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        double peakRss;
        bool allTerminal;
        await using (var rss = new RssSampler(op.Pid))
        {
            await new TaskCreator(host.Bench).CreateAllAsync(names.Select(TaskCreator.NewTask), settings.Concurrency, cancellationToken);
            allTerminal = await states.WaitAllTerminalAsync(names, settings.TimeLimit, cancellationToken);
            await states.WaitNoJobsAsync(TimeSpan.FromSeconds(30), cancellationToken);
            // Events go out in the background: the burst ends when the operator's writes have stopped.
            await WaitWritesSettledAsync(host, from, cancellationToken);
            peakRss = rss.PeakMiB;
        }

        var elapsed = clock.Elapsed;
        var cpu1 = ProcessStats.CpuTime(op.Pid);
        var sim1 = Process.GetCurrentProcess().TotalProcessorTime;
        var probe1 = await RuntimeProbe.ReadFreshAsync(op.ProbeFile, cancellationToken);
        var window = RequestWindow.Of(host, from);
        return new ProcessBurstFigures
        {
            Tasks = names.Count,
            Seconds = elapsed.TotalSeconds,
            AllTerminal = allTerminal,
            OperatorCpu = cpu1 - cpu0,
            SimulatorCpu = sim1 - sim0,
            PeakRssMiB = peakRss,
            RssAfterMiB = ProcessStats.RssMiB(op.Pid),
            Before = probe0,
            After = probe1,
            Latency = Percentiles.Of(DispatchLatency.Of(host, names).ToList()),
            Outcomes = TaskOutcomes.Of(host, names),
            Writes = window.OperatorWrites(),
            RequestsByVerb = window.OperatorRequestsByVerb(),
        };
    }

    /// <summary>Waits until the operator has written nothing for a second (at most 30 s).</summary>
    private static async Task WaitWritesSettledAsync(SimulatorHost host, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var last = RequestWindow.Of(host, from).ByOperator.Where(e => RequestWindow.IsWrite(e.Verb) && e.Resource != "leases").Select(e => e.Timestamp).DefaultIfEmpty(from).Max();
            if (DateTimeOffset.UtcNow - last > TimeSpan.FromSeconds(1))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void AddRows(ScenarioReport report, ProcessBurstFigures f, string label, double cpuTarget)
    {
        var n = f.Tasks;
        report.Add($"[{label}] Tasks / all terminal after (s)", $"{n} / {(f.AllTerminal ? ScenarioReport.Number(f.Seconds, 1) : "not all terminal")}");
        report.Add($"[{label}] Succeeded", $"{f.Outcomes.Succeeded}/{n}", $"{n}/{n}", f.Outcomes.Succeeded == n);
        report.Add($"[{label}] Jobs duplicated", f.Outcomes.Duplicated.Count.ToString(CultureInfo.InvariantCulture), "0", f.Outcomes.Duplicated.Count == 0);
        report.Add($"[{label}] Operator CPU per task (ms, user+system)", ScenarioReport.Number(f.OperatorCpuMsPerTask, 2), $"≤ {cpuTarget}", f.OperatorCpuMsPerTask <= cpuTarget);
        report.Add($"[{label}] Simulator + bench client CPU per task (ms)", ScenarioReport.Number(f.SimulatorCpu.TotalMilliseconds / n, 2));
        report.Add($"[{label}] Operator peak RSS during the burst (MiB)", ScenarioReport.Number(f.PeakRssMiB), $"≤ {PeakRssTarget}", f.PeakRssMiB <= PeakRssTarget);
        report.Add($"[{label}] Operator RSS after the burst (MiB)", ScenarioReport.Number(f.RssAfterMiB));
        if (f.Before is { } b && f.After is { } a)
        {
            report.Add($"[{label}] Allocated per task (KiB)", ScenarioReport.Number((a.AllocatedBytes - b.AllocatedBytes) / 1024.0 / n));
            report.Add($"[{label}] GC heap after / peak (MiB)", $"{ScenarioReport.Number(a.HeapBytes / 1048576.0)} / {ScenarioReport.Number(a.PeakHeapBytes / 1048576.0)}");
            report.Add($"[{label}] GCs gen0 / gen1 / gen2, pause (ms)", $"{a.Gen0 - b.Gen0} / {a.Gen1 - b.Gen1} / {a.Gen2 - b.Gen2}, {ScenarioReport.Number(a.PauseMs - b.PauseMs)}");
            report.Add($"[{label}] Methods JIT-compiled / JIT time (ms)", $"{a.JittedMethods - b.JittedMethods} / {ScenarioReport.Number(a.JitMs - b.JitMs)}");
        }

        report.Add($"[{label}] Dispatch p50 / p95 / p99 (ms)", $"{ScenarioReport.Number(f.Latency.P50)} / {ScenarioReport.Number(f.Latency.P95)} / {ScenarioReport.Number(f.Latency.P99)}");
        report.Add($"[{label}] Operator writes per task (no Lease)", ScenarioReport.Number(f.Writes / (double)n, 2));
    }
}
