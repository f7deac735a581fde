using System.Globalization;

namespace Oz.Bench;

/// <summary>`&lt;scenario&gt; [numbers…] [--json FILE] [--option value…]` split into its parts.</summary>
public sealed record BenchArguments(string Scenario, IReadOnlyList<double> Numbers, IReadOnlyDictionary<string, string> Options)
{
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("a scenario is required");
        }

        var numbers = new List<double>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{args[i]} needs a value");
                }

                options[args[i][2..]] = args[++i];
            }
            else if (double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                numbers.Add(number);
            }
            else
            {
                throw new ArgumentException($"not a positive number: {args[i]}");
            }
        }

        return new BenchArguments(args[0], numbers, options);
    }

    public double? Number(int index) => index < Numbers.Count ? Numbers[index] : null;

    public int Int(int index, int fallback) => (int)(Number(index) ?? fallback);

    public int IntOption(string name, int fallback) =>
        Options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string JsonPath => Options.TryGetValue("json", out var path) ? path : Path.Combine("bench-results", $"{Scenario}.json");
}
