namespace Oz.Operator.Configuration;

/// <summary>"Did you mean …?" for a mistyped key: the closest known key by case-insensitive edit distance.</summary>
public static class KeySuggestions
{
    public static string? Suggest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Compare with the whole path and with its last segment, so "leaseName" typed at the
            // top level still finds "leaderElection.leaseName".
            var lastSegment = candidate[(candidate.LastIndexOf('.') + 1)..];
            var distance = Math.Min(
                Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant()),
                Distance(typed.ToLowerInvariant(), lastSegment.ToLowerInvariant()));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Beyond about a third of the word, a "suggestion" is noise rather than help.
        return best is not null && bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
