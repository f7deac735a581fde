using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Oz.Bench.Reporting;

/// <summary>What a scenario measured: rows for the Markdown table and the same figures (and more) as JSON.</summary>
public sealed class ScenarioReport(string scenario)
{
    private readonly List<ReportRow> rows = [];

    public string Scenario { get; } = scenario;

    public IReadOnlyList<ReportRow> Rows => rows;

    /// <summary>Every figure by key, written to the JSON file.</summary>
    public JsonObject Data { get; } = [];

    public void Add(string metric, string value, string target = "", bool? met = null) => rows.Add(new ReportRow(metric, value, target, met));

    public void Set(string key, JsonNode? value) => Data[key] = value;

    /// <summary>True when every row with a target meets it.</summary>
    public bool AllTargetsMet => rows.All(r => r.Met != false);

    public static string Number(double value, int decimals = 1) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Scenario}");
        text.AppendLine();
        text.AppendLine("| Metric | Value | Target | Met |");
        text.AppendLine("|---|---|---|---|");
        foreach (var row in rows)
        {
            var met = row.Met switch { true => "yes", false => "**no**", null => "" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Metric} | {row.Value} | {row.Target} | {met} |");
        }

        return text.ToString();
    }

    public string ToJson()
    {
        var root = new JsonObject
        {
            ["scenario"] = Scenario,
            ["machine"] = new JsonObject
            {
                ["processorCount"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["loadAverage"] = LoadAverage(),
            },
            ["finishedAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["allTargetsMet"] = AllTargetsMet,
            ["data"] = Data.DeepClone(),
            ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject { ["metric"] = r.Metric, ["value"] = r.Value, ["target"] = r.Target, ["met"] = r.Met })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>/proc/loadavg (1, 5, 15 minutes) where there is one: the machine is shared.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
