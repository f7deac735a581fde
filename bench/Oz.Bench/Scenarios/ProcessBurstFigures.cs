using System.Text.Json.Nodes;
using Oz.Bench.Measurement;

namespace Oz.Bench.Scenarios;

/// <summary>What one burst of the process mode measured.</summary>
public sealed record ProcessBurstFigures
{
    public required int Tasks { get; init; }

    public required double Seconds { get; init; }

    public required bool AllTerminal { get; init; }

    public required TimeSpan OperatorCpu { get; init; }

    /// <summary>This process's CPU: the simulator and the bench's own client.</summary>
    public required TimeSpan SimulatorCpu { get; init; }

    public required double PeakRssMiB { get; init; }

    public required double RssAfterMiB { get; init; }

    public required RuntimeProbe? Before { get; init; }

    public required RuntimeProbe? After { get; init; }

    public required Percentiles Latency { get; init; }

    public required TaskOutcomes Outcomes { get; init; }

    public required int Writes { get; init; }

    public required IReadOnlyDictionary<string, int> RequestsByVerb { get; init; }

    public double OperatorCpuMsPerTask => OperatorCpu.TotalMilliseconds / Tasks;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["tasks"] = Tasks,
            ["seconds"] = Seconds,
            ["allTerminal"] = AllTerminal,
            ["operatorCpuMs"] = OperatorCpu.TotalMilliseconds,
            ["operatorCpuMsPerTask"] = OperatorCpuMsPerTask,
            ["simulatorCpuMsPerTask"] = SimulatorCpu.TotalMilliseconds / Tasks,
            ["peakRssMiB"] = PeakRssMiB,
            ["rssAfterMiB"] = RssAfterMiB,
            ["dispatchMs"] = new JsonObject { ["p50"] = Latency.P50, ["p95"] = Latency.P95, ["p99"] = Latency.P99, ["max"] = Latency.Max },
            ["outcomes"] = Outcomes.ToJson(),
            ["writesPerTask"] = Writes / (double)Tasks,
            ["operatorRequests"] = new JsonObject([.. RequestsByVerb.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
        };
        if (Before is { } b && After is { } a)
        {
            json["allocatedBytesPerTask"] = (a.AllocatedBytes - b.AllocatedBytes) / (double)Tasks;
            json["gcHeapAfterMiB"] = a.HeapBytes / 1048576.0;
            json["gcHeapPeakMiB"] = a.PeakHeapBytes / 1048576.0;
            json["gcCounts"] = new JsonArray(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2);
            json["gcPauseMs"] = a.PauseMs - b.PauseMs;
            json["jittedMethods"] = a.JittedMethods - b.JittedMethods;
            json["jitMs"] = a.JitMs - b.JitMs;
        }

        return json;
    }
}
