using System.Globalization;

namespace Oz.Bench.Measurement;

/// <summary>
/// CPU time and memory of another process, read from /proc as <c>top</c> and <c>ps</c> do: user +
/// system time from <c>/proc/PID/stat</c> (clock ticks, 100 per second on Linux), resident set from
/// <c>/proc/PID/status</c>.
/// </summary>
public static class ProcessStats
{
    /// <summary>USER_HZ: the unit of the times in /proc/PID/stat on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU time the process has used so far.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);   // field 14, utime
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture); // field 15, stime
        return TimeSpan.FromSeconds((user + system) / TicksPerSecond);
    }

    /// <summary>Resident set size now (VmRSS), in MiB.</summary>
    public static double RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    /// <summary>Peak resident set size since the process started (VmHWM), in MiB.</summary>
    public static double PeakRssMiB(int pid) => StatusKiB(pid, "VmHWM:") / 1024.0;

    private static long StatusKiB(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }
}
