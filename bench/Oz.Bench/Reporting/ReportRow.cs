namespace Oz.Bench.Reporting;

/// <summary>One figure: what, how much, the target it is held against (if any) and whether it is met.</summary>
public sealed record ReportRow(string Metric, string Value, string Target = "", bool? Met = null);
