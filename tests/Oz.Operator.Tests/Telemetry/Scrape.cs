using System.Globalization;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>A parsed Prometheus text exposition: samples by name and labels, and the TYPE lines.</summary>
public sealed partial class Scrape
{
    public Scrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            Samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    public List<Sample> Samples { get; } = [];

    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>The value of the one sample of <paramref name="name"/> carrying all of <paramref name="labels"/> (label=value pairs); null when absent.</summary>
    public double? Value(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        var matches = Samples.Where(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w[0], out var v) && v == w[1])).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0].Value,
            _ => throw new InvalidOperationException($"{matches.Count} samples of {name} match {string.Join(",", labels)}"),
        };
    }

    public IEnumerable<Sample> Named(string name) => Samples.Where(s => s.Name == name);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
