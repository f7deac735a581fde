using System.Text;

namespace Oz.Operator.Tasks.Status;

/// <summary>Keeps human-readable status text small: etcd objects must stay small.</summary>
public static class StatusText
{
    /// <summary>Largest status message, in UTF-8 bytes (a log tail included).</summary>
    public const int MaxMessageBytes = 8 * 1024;

    /// <summary>Largest log tail added to a message, in UTF-8 bytes.</summary>
    public const int MaxLogTailBytes = 4 * 1024;

    /// <summary>Largest note of an events.k8s.io Event (the API server rejects more than 1 kB).</summary>
    public const int MaxEventNoteBytes = 1024;

    /// <summary>The API server's limit on an Event's reportingInstance (a pod name may be 253 characters).</summary>
    public const int MaxEventReportingInstanceBytes = 128;

    private const string Ellipsis = "…";

    /// <summary>The text cut to at most <paramref name="maxBytes"/> UTF-8 bytes, keeping its start.</summary>
    public static string Head(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        var end = 0;
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end] + Ellipsis;
    }

    /// <summary>
    /// The last at most <paramref name="maxBytes"/> UTF-8 bytes of a log, starting at a line boundary
    /// when one is in reach so the first line shown is whole.
    /// </summary>
    public static string Tail(string text, int maxBytes)
    {
        text = text.TrimEnd();
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var runes = text.EnumerateRunes().ToList();
        var start = text.Length;
        var used = 0;
        for (var i = runes.Count - 1; i >= 0; i--)
        {
            if (used + runes[i].Utf8SequenceLength > maxBytes)
            {
                break;
            }

            used += runes[i].Utf8SequenceLength;
            start -= runes[i].Utf16SequenceLength;
        }

        var tail = text[start..];
        var newline = tail.IndexOf('\n', StringComparison.Ordinal);
        return newline >= 0 && newline < tail.Length - 1 ? tail[(newline + 1)..] : tail;
    }

    /// <summary>A status message with the failing container's log tail appended, bounded.</summary>
    public static string WithLogTail(string message, string container, string log)
    {
        var tail = Tail(log, MaxLogTailBytes);
        if (tail.Length == 0)
        {
            return message;
        }

        return Head($"{message}\nLast log lines of container {container}:\n{tail}", MaxMessageBytes);
    }
}
