namespace Oz.Bench.Measurement;

/// <summary>Samples another process's resident set every 100 ms and keeps the peak (VmHWM would include start-up).</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly int pid;
    private double peak;

    public RssSampler(int pid)
    {
        this.pid = pid;
        loop = Task.Run(SampleAsync);
    }

    public double PeakMiB => Volatile.Read(ref peak);

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
        do
        {
            try
            {
                Volatile.Write(ref peak, Math.Max(Volatile.Read(ref peak), ProcessStats.RssMiB(pid)));
            }
            catch (IOException)
            {
                return; // The process has ended.
            }
        }
        while (await timer.WaitForNextTickAsync(stop.Token));
    }
}
