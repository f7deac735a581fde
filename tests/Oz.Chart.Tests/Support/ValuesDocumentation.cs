using System.Text.RegularExpressions;

namespace Oz.Chart.Tests.Support;

/// <summary>
/// Reads the documentation of values.yaml (helm-docs style): a value is documented by a comment
/// block containing `# --` right above its key; its whole subtree is then its default. A key without
/// `# --` must be a commented group whose children are documented.
/// </summary>
internal static partial class ValuesDocumentation
{
    /// <summary>Dotted paths of the documented values, in file order.</summary>
    public static IReadOnlyList<string> DocumentedValues(string valuesYaml) => Read(valuesYaml).Documented;

    /// <summary>Keys that are neither documented values nor commented groups, with the reason.</summary>
    public static IReadOnlyList<string> Problems(string valuesYaml) => Read(valuesYaml).Problems;

    /// <summary>The value paths listed in the first column of the README's values table.</summary>
    public static IReadOnlyList<string> ReadmeTableKeys(string readme) =>
        ReadmeRow().Matches(readme).Select(m => m.Groups["key"].Value).ToList();

    private static (List<string> Documented, List<string> Problems) Read(string valuesYaml)
    {
        var documented = new List<string>();
        var problems = new List<string>();
        var groups = new Stack<(int Indent, string Path)>();
        int? skipDeeperThan = null;
        var comments = new List<string>();

        foreach (var line in valuesYaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (trimmed.Length == 0)
            {
                comments.Clear();
                continue;
            }

            if (skipDeeperThan is { } limit && indent > limit)
            {
                continue;
            }

            skipDeeperThan = null;
            if (trimmed.StartsWith('#'))
            {
                comments.Add(trimmed);
                continue;
            }

            var key = KeyLine().Match(trimmed);
            if (!key.Success)
            {
                problems.Add($"unexpected line outside a documented value: '{line}'");
                comments.Clear();
                continue;
            }

            while (groups.Count > 0 && groups.Peek().Indent >= indent)
            {
                groups.Pop();
            }

            var path = groups.Count == 0 ? key.Groups["key"].Value : $"{groups.Peek().Path}.{key.Groups["key"].Value}";
            var isGroup = key.Groups["value"].Value.Trim().Length == 0;
            if (comments.Any(c => c.StartsWith("# --", StringComparison.Ordinal)))
            {
                documented.Add(path);
                skipDeeperThan = indent;
            }
            else if (isGroup && comments.Count > 0)
            {
                groups.Push((indent, path));
            }
            else
            {
                problems.Add(isGroup ? $"{path}: group without a comment" : $"{path}: value without a '# --' comment");
                if (isGroup)
                {
                    groups.Push((indent, path));
                }
            }

            comments.Clear();
        }

        return (documented, problems);
    }

    [GeneratedRegex(@"^(?<key>[A-Za-z0-9_.-]+):(?<value>.*)$")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^\|\s*`(?<key>[^`]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
