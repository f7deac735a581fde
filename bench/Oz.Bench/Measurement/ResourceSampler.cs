using System.Diagnostics;

namespace Oz.Bench.Measurement;

/// <summary>
/// Samples this process's working set and GC heap every 100 ms and keeps the peaks. The operator
/// and the simulator share the process, so these figures include the simulator's store.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private long peakWorkingSet;
    private long peakHeap;

    public ResourceSampler()
    {
        loop = Task.Run(SampleAsync);
    }

    public double PeakWorkingSetMiB => Interlocked.Read(ref peakWorkingSet) / 1048576.0;

    public double PeakGcHeapMiB => Interlocked.Read(ref peakHeap) / 1048576.0;

    public static double WorkingSetMiB()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }

    /// <summary>The GC heap after a full, compacting collection: live objects only.</summary>
    public static double LiveHeapMiB()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(false) / 1048576.0;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        using var process = Process.GetCurrentProcess();
        do
        {
            process.Refresh();
            Max(ref peakWorkingSet, process.WorkingSet64);
            Max(ref peakHeap, GC.GetTotalMemory(false));
        }
        while (await timer.WaitForNextTickAsync(stop.Token));
    }

    private static void Max(ref long peak, long value)
    {
        if (value > Interlocked.Read(ref peak))
        {
            Interlocked.Exchange(ref peak, value);
        }
    }
}
