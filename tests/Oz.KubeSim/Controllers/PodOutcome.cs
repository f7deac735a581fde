namespace Oz.KubeSim.Controllers;

/// <summary>
/// A scripted result: e.g. <c>exit:3 after:2s</c>, <c>oom</c>, <c>errimagepull</c>,
/// <c>invalidimage</c>, <c>unschedulable</c>, <c>evicted</c>, <c>failedmount</c>, <c>configerror</c>,
/// <c>hang</c>, <c>succeed after:500ms</c>.
/// </summary>
public sealed record PodOutcome(OutcomeKind Kind, int ExitCode = 0, TimeSpan? After = null, string? Log = null, string? Message = null)
{
    public static PodOutcome Succeed(TimeSpan? after = null, string? log = null) => new(OutcomeKind.Succeed, 0, after, log);

    public static PodOutcome Exit(int code, TimeSpan? after = null, string? log = null) => new(OutcomeKind.Exit, code, after, log);

    public static PodOutcome Parse(string text)
    {
        var kind = OutcomeKind.Succeed;
        var exitCode = 0;
        TimeSpan? after = null;
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = token.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? (token[..i], token[(i + 1)..]) : (token, "");
            switch (name.ToLowerInvariant())
            {
                case "succeed" or "success" or "ok":
                    kind = OutcomeKind.Succeed;
                    break;
                case "exit":
                    exitCode = int.Parse(value, CultureInfo.InvariantCulture);
                    kind = exitCode == 0 ? OutcomeKind.Succeed : OutcomeKind.Exit;
                    break;
                case "oom" or "oomkilled":
                    kind = OutcomeKind.OomKilled;
                    exitCode = 137;
                    break;
                case "errimagepull" or "imagepullbackoff":
                    kind = OutcomeKind.ErrImagePull;
                    break;
                case "invalidimage" or "invalidimagename":
                    kind = OutcomeKind.InvalidImageName;
                    break;
                case "unschedulable":
                    kind = OutcomeKind.Unschedulable;
                    break;
                case "evicted":
                    kind = OutcomeKind.Evicted;
                    break;
                case "failedmount":
                    kind = OutcomeKind.FailedMount;
                    break;
                case "configerror" or "createcontainerconfigerror":
                    kind = OutcomeKind.CreateContainerConfigError;
                    break;
                case "hang" or "forever":
                    kind = OutcomeKind.Hang;
                    break;
                case "after" or "sleep":
                    after = ParseDuration(value);
                    break;
                default:
                    throw new FormatException($"unknown kubesim outcome token '{token}'");
            }
        }

        return new PodOutcome(kind, exitCode, after);
    }

    /// <summary>Outcome encoded in a <c>kubesim/…</c> image name (<c>kubesim/exit-3</c>, <c>kubesim/sleep-5s</c>, <c>kubesim/oom</c>).</summary>
    public static PodOutcome? FromImage(string image)
    {
        var slash = image.IndexOf("kubesim/", StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var name = image[(slash + 8)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = name[..colon];
        }

        if (name.StartsWith("exit-", StringComparison.Ordinal))
        {
            return Parse("exit:" + name[5..]);
        }

        if (name.StartsWith("sleep-", StringComparison.Ordinal))
        {
            return Parse("after:" + name[6..]);
        }

        try
        {
            return Parse(name);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static TimeSpan ParseDuration(string text)
    {
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            return TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture));
        }

        var unit = text[^1];
        var number = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return unit switch
        {
            's' => TimeSpan.FromSeconds(number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            _ => throw new FormatException($"bad duration '{text}'"),
        };
    }
}
