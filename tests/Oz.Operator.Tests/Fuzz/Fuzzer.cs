using System.Globalization;

namespace Oz.Operator.Tests.Fuzz;

/// <summary>
/// A small deterministic fuzzer: seeded inputs (arbitrary and mutated from valid seeds) for a
/// bounded number of iterations and a bounded time, so it fits in every test run. A failure names
/// the seed, the iteration and the input, so it replays and becomes a regression test.
/// OZ_FUZZ_SECONDS and OZ_FUZZ_SEED widen or move the search on demand.
/// </summary>
internal static class Fuzzer
{
    private const int DefaultIterations = 4000;

    private static readonly string[] Tricky =
    [
        "\ud800", "\udfff", "\\ud800", "\\udc00x", "\u0000", "\\u0000", "\u202e", "İ", "K", "ß", "\u00a0", "\t", "\r\n",
        "\"", "\\", "{", "}", "[", "]", ":", ",", "null", "true", "1e309", "-0", "NaN", "0x1F", "9999999999999999999999",
        "&a", "*a", "!!binary", "!!str", "? ", "- ", "---", "...", "%YAML 1.2", "<<: *a", "|", ">-", "#", "@", "`", "'", "~",
    ];

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("OZ_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 19;

    private static TimeSpan Budget => double.TryParse(Environment.GetEnvironmentVariable("OZ_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds)
        ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.FromSeconds(3);

    /// <summary>
    /// Calls <paramref name="check"/> with generated inputs until the iteration count or the time
    /// budget is spent (whichever first; with OZ_FUZZ_SECONDS set, the time alone). Returns the number of inputs tried.
    /// </summary>
    public static int Run(string target, Func<Random, string> generate, Action<string> check)
    {
        var random = new Random(HashCode.Combine(Seed, StableHash(target)));
        var widened = Environment.GetEnvironmentVariable("OZ_FUZZ_SECONDS") is not null;
        var clock = Stopwatch.StartNew();
        var tried = 0;
        while ((widened || tried < DefaultIterations) && clock.Elapsed < Budget)
        {
            var input = generate(random);
            try
            {
                check(input);
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                Assert.Fail($"{target}: seed {Seed}, iteration {tried}: {ex.GetType().Name}: {ex.Message}\ninput: {Printable(input)}\n{ex}");
            }

            tried++;
        }

        return tried;
    }

    /// <summary>Random text: mostly printable ASCII, with tricky tokens, control characters and lone surrogates.</summary>
    public static string Arbitrary(Random random, int maxLength = 200)
    {
        var builder = new StringBuilder();
        var length = random.Next(maxLength + 1);
        while (builder.Length < length)
        {
            switch (random.Next(10))
            {
                case 0:
                    builder.Append(Tricky[random.Next(Tricky.Length)]);
                    break;
                case 1:
                    builder.Append((char)random.Next(0x10000));
                    break;
                default:
                    builder.Append((char)random.Next(0x20, 0x7f));
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>One to four edits of <paramref name="seed"/>: byte flips, insertions, deletions, duplications, swaps.</summary>
    public static string Mutate(Random random, string seed)
    {
        var text = new StringBuilder(seed);
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits; i++)
        {
            var at = text.Length == 0 ? 0 : random.Next(text.Length);
            var span = Math.Min(text.Length - at, random.Next(1, 16));
            switch (random.Next(6))
            {
                case 0 when text.Length > 0:
                    text[at] = (char)(text[at] ^ (1 << random.Next(7)));
                    break;
                case 1:
                    text.Insert(at, Tricky[random.Next(Tricky.Length)]);
                    break;
                case 2 when span > 0:
                    text.Remove(at, span);
                    break;
                case 3 when span > 0:
                    text.Insert(at, text.ToString(at, span));
                    break;
                case 4 when span > 0:
                    var other = random.Next(text.Length);
                    var moved = text.ToString(at, span);
                    text.Remove(at, span);
                    text.Insert(Math.Min(other, text.Length), moved);
                    break;
                default:
                    text.Insert(at, Arbitrary(random, 8));
                    break;
            }
        }

        return text.ToString();
    }

    private static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string Printable(string input)
    {
        var builder = new StringBuilder();
        foreach (var c in input)
        {
            builder.Append(c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
