using System.Globalization;

namespace Oz.Bench.Measurement;

/// <summary>
/// The GC and JIT figures the bench's startup hook (bench/Oz.Bench.Probe) writes from inside the
/// measured process every 100 ms.
/// </summary>
public sealed record RuntimeProbe(
    long AllocatedBytes,
    long HeapBytes,
    long PeakHeapBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    double PauseMs,
    long CommittedBytes,
    long JittedMethods,
    double JitMs)
{
    /// <summary>The hook's assembly, copied next to the bench by its project reference.</summary>
    public static string HookAssembly => Path.Combine(AppContext.BaseDirectory, "Oz.Bench.Probe.dll");

    /// <summary>The last figures written, or null while the process has written none yet.</summary>
    public static RuntimeProbe? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        var f = text.Split(' ');
        if (f.Length < 10)
        {
            return null;
        }

        return new RuntimeProbe(
            L(f[0]), L(f[1]), L(f[2]), (int)L(f[3]), (int)L(f[4]), (int)L(f[5]), D(f[6]), L(f[7]), L(f[8]), D(f[9]));

        static long L(string s) => long.Parse(s, CultureInfo.InvariantCulture);
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for a write newer than the one read now (the hook writes every 100 ms).</summary>
    public static async Task<RuntimeProbe?> ReadFreshAsync(string path, CancellationToken cancellationToken)
    {
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50, cancellationToken);
            if (File.Exists(path) && File.GetLastWriteTimeUtc(path) > before)
            {
                return Read(path);
            }
        }

        return Read(path);
    }
}
