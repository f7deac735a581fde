using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oz.Operator.Preflight;

/// <summary>The report as a table for people and as JSON for machines.</summary>
public static class PreflightReportFormatter
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary><c>{"passed": bool, "checks": [{"name", "status", "reason", "detail", "fix"}]}</c>.</summary>
    public static string Json(PreflightReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(new { passed = report.Passed, checks = report.Results }, JsonOptions);
    }

    /// <summary>CHECK | RESULT | DETAIL | FIX, one row per check, then a one-line verdict.</summary>
    public static string Table(PreflightReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] header = ["CHECK", "RESULT", "DETAIL", "FIX"];
        var rows = report.Results
            .Select(r => new[] { r.Name, r.Reason is null || r.Status == PreflightStatus.Passed ? Word(r.Status) : $"{Word(r.Status)} ({r.Reason})", OneLine(r.Detail), OneLine(r.Fix ?? "") })
            .ToList();
        var widths = Enumerable.Range(0, 3).Select(i => rows.Select(row => row[i].Length).Append(header[i].Length).Max()).ToArray();

        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            var line = $"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}";
            text.AppendLine(line.TrimEnd());
        }

        text.AppendLine(report.Passed ? "Preflight passed." : "Preflight FAILED: no task will be accepted until the failed checks are fixed.");
        return text.ToString();
    }

    private static string Word(PreflightStatus status) => status switch
    {
        PreflightStatus.Passed => "PASS",
        PreflightStatus.Warning => "WARN",
        PreflightStatus.Failed => "FAIL",
        _ => "SKIP",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
