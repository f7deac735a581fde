using System.Globalization;

// The runtime looks the hook up by this exact name: a type "StartupHook" in no namespace, with a
// public static Initialize(). The analyzers' namespace rules cannot apply to it.
#pragma warning disable CA1050, IDE0161

/// <summary>
/// Loaded into the measured operator process through <c>DOTNET_STARTUP_HOOKS</c>. Every 100 ms it
/// writes the process's GC figures to the file named by <c>OZ_BENCH_PROBE_FILE</c> (written
/// aside, then renamed, so a reader never sees half a line). It allocates a few hundred bytes a
/// tick, which the bench reports as its own overhead.
/// </summary>
public static class StartupHook
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("OZ_BENCH_PROBE_FILE");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() => Run(path)) { IsBackground = true, Name = "oz-bench-probe" };
        thread.Start();
    }

    private static void Run(string path)
    {
        var aside = path + ".tmp";
        long peakHeap = 0;
        while (true)
        {
            var heap = GC.GetTotalMemory(false);
            peakHeap = Math.Max(peakHeap, heap);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            var line = string.Join(' ',
                GC.GetTotalAllocatedBytes(precise: false).ToString(CultureInfo.InvariantCulture),
                heap.ToString(CultureInfo.InvariantCulture),
                peakHeap.ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
                GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
                GC.GetTotalPauseDuration().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                info.TotalCommittedBytes.ToString(CultureInfo.InvariantCulture),
                System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false).ToString(CultureInfo.InvariantCulture),
                System.Runtime.JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture));
            try
            {
                File.WriteAllText(aside, line);
                File.Move(aside, path, overwrite: true);
            }
            catch (IOException)
            {
                // The bench may be reading or cleaning up; the next tick writes again.
            }

            Thread.Sleep(Interval);
        }
    }
}
