using System.Globalization;
using System.Text;

namespace Oz.Operator.Configuration;

/// <summary>
/// Durations written the way Go's time.ParseDuration reads them ("30s", "1h30m", "1.5h", "500ms"),
/// because that is what Kubernetes users write in every other operator's configuration.
/// </summary>
public static class GoDuration
{
    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("ns", 0), // below TimeSpan's 100 ns resolution: handled as a fraction of a tick
        ("us", 10),
        ("µs", 10),
        ("μs", 10),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    /// <summary>Parses a Go duration string; false for anything Go would reject.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal ticks = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || s[..numberLength] is "." ||
                !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            var unit = s[..unitLength].ToString();
            s = s[unitLength..];
            var match = Array.FindIndex(Units, u => u.Unit == unit);
            if (match < 0)
            {
                return false;
            }

            try
            {
                ticks += match == 0 ? number / 100m : number * Units[match].Ticks;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)decimal.Round(ticks) * (negative ? -1 : 1));
        return true;
    }

    /// <summary>Formats like Go, without zero components: 90 minutes is "1h30m", 0 is "0s".</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Negate();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (value.Minutes > 0)
        {
            builder.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var subMinute = value - TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(value.Minutes);
        if (subMinute > TimeSpan.Zero)
        {
            if (subMinute.Ticks % TimeSpan.TicksPerSecond == 0)
            {
                builder.Append(((long)subMinute.TotalSeconds).ToString(CultureInfo.InvariantCulture)).Append('s');
            }
            else if (hours == 0 && value.Minutes == 0 && subMinute < TimeSpan.FromSeconds(1))
            {
                builder.Append(subMinute.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)).Append("ms");
            }
            else
            {
                builder.Append(subMinute.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append('s');
            }
        }

        return builder.ToString();
    }
}
