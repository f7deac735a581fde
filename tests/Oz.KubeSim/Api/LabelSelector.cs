namespace Oz.KubeSim.Api;

/// <summary>
/// A parsed label selector string: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>,
/// <c>a notin (x)</c>, <c>a</c> (exists), <c>!a</c> (does not exist); requirements are ANDed.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public bool IsEmpty => _requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in SplitTopLevel(text))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            selector._requirements.Add(ParseTerm(term));
        }

        return selector;
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        var lower = term;
        var inIndex = IndexOfWord(lower, " notin ");
        if (inIndex > 0)
        {
            var key = term[..inIndex].Trim();
            var values = Values(term[(inIndex + 7)..]);
            return labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }

        inIndex = IndexOfWord(lower, " in ");
        if (inIndex > 0)
        {
            var key = term[..inIndex].Trim();
            var values = Values(term[(inIndex + 4)..]);
            return labels => labels.TryGetValue(key, out var v) && values.Contains(v);
        }

        var neq = term.IndexOf("!=", StringComparison.Ordinal);
        if (neq > 0)
        {
            var key = term[..neq].Trim();
            var value = term[(neq + 2)..].Trim();
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        var eq = term.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var key = term[..eq].Trim();
            var value = term[(eq + 1)..].TrimStart('=').Trim();
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        if (term.Contains(' ', StringComparison.Ordinal) || term.Contains('(', StringComparison.Ordinal))
        {
            throw StatusObjects.BadRequest($"unable to parse requirement: {term}");
        }

        return labels => labels.ContainsKey(term);
    }

    private static int IndexOfWord(string term, string word) => term.IndexOf(word, StringComparison.Ordinal);

    private static HashSet<string> Values(string list)
    {
        var trimmed = list.Trim();
        if (!trimmed.StartsWith('(') || !trimmed.EndsWith(')'))
        {
            throw StatusObjects.BadRequest($"unable to parse requirement: found '{trimmed}', expected: '('");
        }

        return [.. trimmed[1..^1].Split(',').Select(v => v.Trim()).Where(v => v.Length > 0)];
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
