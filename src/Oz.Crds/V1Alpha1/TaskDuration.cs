using System.Globalization;
using System.Text;

namespace Oz.Crds.V1Alpha1;

/// <summary>
/// Formats <see cref="AgentTaskStatus.Duration"/> as Go's duration syntax at whole seconds
/// (45s, 4m12s, 2h0m5s), so it reads like other Kubernetes durations and parses back.
/// </summary>
public static class TaskDuration
{
    public static string Format(DateTime start, DateTime completion) => Format(completion.ToUniversalTime() - start.ToUniversalTime());

    public static string Format(TimeSpan duration)
    {
        var total = Math.Max(0, (long)duration.TotalSeconds);
        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        var text = new StringBuilder();
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h{minutes}m");
        }
        else if (minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        text.Append(CultureInfo.InvariantCulture, $"{seconds}s");
        return text.ToString();
    }
}
