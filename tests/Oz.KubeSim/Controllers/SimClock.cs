namespace Oz.KubeSim.Controllers;

/// <summary>
/// The simulator's clock. Simulated time runs <see cref="Speed"/> times faster than real time, so
/// a test can let a 10-minute deadline pass in a fraction of a second; <see cref="Advance"/> jumps.
/// </summary>
public sealed class SimClock
{
    private readonly Lock _gate = new();
    private DateTimeOffset _anchorSim = DateTimeOffset.UtcNow;
    private long _anchorTicks = Environment.TickCount64;
    private double _speed = 1;
    private event Action? Changed;

    public double Speed
    {
        get => _speed;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            lock (_gate)
            {
                _anchorSim = Now;
                _anchorTicks = Environment.TickCount64;
                _speed = value;
            }

            Changed?.Invoke();
        }
    }

    public DateTimeOffset Now
    {
        get
        {
            lock (_gate)
            {
                var elapsed = Environment.TickCount64 - _anchorTicks;
                return _anchorSim + TimeSpan.FromMilliseconds(elapsed * _speed);
            }
        }
    }

    /// <summary>Moves simulated time forward at once; pending delays re-evaluate.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _anchorSim += by;
        }

        Changed?.Invoke();
    }

    /// <summary>Waits until simulated time reaches <paramref name="until"/>.</summary>
    public async Task WaitUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = until - Now;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var real = TimeSpan.FromMilliseconds(Math.Max(1, remaining.TotalMilliseconds / _speed));
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged() => wake.TrySetResult();
            Changed += OnChanged;
            try
            {
                await Task.WhenAny(Task.Delay(real, cancellationToken), wake.Task);
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                Changed -= OnChanged;
            }
        }
    }

    public Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) =>
        WaitUntilAsync(Now + simulated, cancellationToken);
}
