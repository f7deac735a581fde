using System.Diagnostics;

namespace Oz.Bench.Measurement;

/// <summary>One object committed to the store, at <see cref="Stopwatch"/> ticks.</summary>
public sealed record Creation(string Name, string Uid, long Ticks)
{
    public static double Milliseconds(long fromTicks, long toTicks) => (toTicks - fromTicks) * 1000.0 / Stopwatch.Frequency;
}
