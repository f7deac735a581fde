using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Oz.KubeSim.Cel;

/// <summary>
/// The functions CRD rules use: CEL's standard size, matches, startsWith/endsWith/contains and type
/// conversions, plus the Kubernetes strings and lists extensions most often seen in CRDs.
/// </summary>
public static class CelFunctions
{
    /// <summary>Every function name the interpreter knows; anything else fails to compile.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "size", "matches", "startsWith", "endsWith", "contains", "int", "uint", "double", "string", "bool", "dyn",
        "lowerAscii", "upperAscii", "trim", "split", "join", "indexOf", "lastIndexOf", "replace", "substring", "charAt",
        "isSorted", "sum", "min", "max",
    };

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static object? Call(string name, object? target, bool hasTarget, IReadOnlyList<object?> args)
    {
        // Global and receiver style are the same overload: size(x) == x.size(), matches(s, re) == s.matches(re).
        var all = hasTarget ? [target, .. args] : args.ToList();
        return (name, all.Count) switch
        {
            ("size", 1) => Size(all[0]),
            ("matches", 2) when all is [string s, string re] => Regex(re).IsMatch(s),
            ("startsWith", 2) when all is [string s, string p] => s.StartsWith(p, StringComparison.Ordinal),
            ("endsWith", 2) when all is [string s, string p] => s.EndsWith(p, StringComparison.Ordinal),
            ("contains", 2) when all is [string s, string p] => s.Contains(p, StringComparison.Ordinal),
            ("int", 1) => ToInt(all[0]),
            ("uint", 1) => ToUInt(all[0]),
            ("double", 1) => ToDouble(all[0]),
            ("string", 1) => CelValues.Format(all[0]),
            ("bool", 1) => all[0] switch
            {
                bool b => b,
                "true" or "TRUE" or "True" or "t" or "1" => true,
                "false" or "FALSE" or "False" or "f" or "0" => false,
                _ => throw new CelEvalException($"type conversion error from string to bool"),
            },
            ("dyn", 1) => all[0],
            ("lowerAscii", 1) when all is [string s] => Ascii(s, char.ToLowerInvariant),
            ("upperAscii", 1) when all is [string s] => Ascii(s, char.ToUpperInvariant),
            ("trim", 1) when all is [string s] => s.Trim(),
            ("split", 2) when all is [string s, string sep] => s.Split(sep).Cast<object?>().ToList(),
            ("join", 1) when all is [IReadOnlyList<object?> list] => string.Join("", list.Select(Text)),
            ("join", 2) when all is [IReadOnlyList<object?> list, string sep] => string.Join(sep, list.Select(Text)),
            ("indexOf", 2) when all is [string s, string p] => (long)s.IndexOf(p, StringComparison.Ordinal),
            ("lastIndexOf", 2) when all is [string s, string p] => (long)s.LastIndexOf(p, StringComparison.Ordinal),
            ("replace", 3) when all is [string s, string from, string to] => s.Replace(from, to, StringComparison.Ordinal),
            ("substring", 2) when all is [string s, long start] => Substring(s, start, s.Length),
            ("substring", 3) when all is [string s, long start, long end] => Substring(s, start, end),
            ("charAt", 2) when all is [string s, long i] => i >= 0 && i <= s.Length ? (i == s.Length ? "" : s[(int)i].ToString()) : throw new CelEvalException($"index out of range: {i}"),
            ("isSorted", 1) when all is [IReadOnlyList<object?> list] => list.Zip(list.Skip(1)).All(p => CelValues.Compare(p.First, p.Second, "isSorted") <= 0),
            ("sum", 1) when all is [IReadOnlyList<object?> list] => list.Aggregate((object?)0L, (a, b) => CelOperators.Binary("+", a, b)),
            ("min", 1) when all is [IReadOnlyList<object?> { Count: > 0 } list] => list.Aggregate((a, b) => CelValues.Compare(a, b, "min") <= 0 ? a : b),
            ("max", 1) when all is [IReadOnlyList<object?> { Count: > 0 } list] => list.Aggregate((a, b) => CelValues.Compare(a, b, "max") >= 0 ? a : b),
            _ => throw CelValues.NoOverload(name, [.. all]),
        };
    }

    private static long Size(object? value) => value switch
    {
        string s => s.EnumerateRunes().LongCount(),
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        _ => throw CelValues.NoOverload("size", value),
    };

    /// <summary>RE2 patterns run on .NET's engine: the syntax CRDs use (classes, anchors, groups, repetition) agrees.</summary>
    private static Regex Regex(string pattern)
    {
        try
        {
            return Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            throw new CelEvalException($"invalid regular expression '{pattern}': {e.Message}");
        }
    }

    private static string Ascii(string s, Func<char, char> map)
    {
        var builder = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            builder.Append(c < 128 ? map(c) : c);
        }

        return builder.ToString();
    }

    private static string Text(object? value) => value as string ?? throw CelValues.NoOverload("join", value);

    private static string Substring(string s, long start, long end) =>
        start < 0 || end > s.Length || start > end ? throw new CelEvalException($"index out of range: {start}") : s[(int)start..(int)end];

    private static long ToInt(object? value)
    {
        try
        {
            return value switch
            {
                long l => l,
                ulong u => checked((long)u),
                double d => double.IsFinite(d) && d is >= long.MinValue and < long.MaxValue ? (long)d : throw new OverflowException(),
                string s => long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                _ => throw CelValues.NoOverload("int", value),
            };
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            throw new CelEvalException("integer overflow or invalid int conversion");
        }
    }

    private static ulong ToUInt(object? value)
    {
        try
        {
            return value switch
            {
                long l => checked((ulong)l),
                ulong u => u,
                double d => checked((ulong)d),
                string s => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture),
                _ => throw CelValues.NoOverload("uint", value),
            };
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            throw new CelEvalException("unsigned integer overflow or invalid uint conversion");
        }
    }

    private static double ToDouble(object? value) => value switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw CelValues.NoOverload("double", value),
    };
}
