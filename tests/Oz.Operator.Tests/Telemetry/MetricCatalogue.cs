namespace Oz.Operator.Tests.Telemetry;

/// <summary>The metric catalogue of docs/observability.md (between its catalogue markers): name → type and labels.</summary>
public static partial class MetricCatalogue
{
    public static string DocumentPath => Path.Combine(RepositoryPaths.Root, "docs", "observability.md");

    public static IReadOnlyDictionary<string, Entry> Read()
    {
        var text = File.ReadAllText(DocumentPath);
        var start = text.IndexOf("<!-- catalogue:start -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- catalogue:end -->", StringComparison.Ordinal);
        return Row().Matches(text[start..end]).ToDictionary(
            m => m.Groups[1].Value,
            m => new Entry(m.Groups[2].Value, [.. Backticked().Matches(m.Groups[3].Value).Select(l => l.Groups[1].Value).Order(StringComparer.Ordinal)]),
            StringComparer.Ordinal);
    }

    public sealed record Entry(string Type, IReadOnlyList<string> Labels)
    {
        public override string ToString() => $"{Type} [{string.Join(", ", Labels)}]";
    }

    [GeneratedRegex(@"^\| `(oz_(?:operator|worker)_[a-z_]+)` \| (counter|gauge|histogram) \|([^|]*)\|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex("`([a-z_]+)`")]
    private static partial Regex Backticked();
}
