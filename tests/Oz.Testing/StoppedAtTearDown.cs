namespace Oz.Testing;

/// <summary>
/// A base for test classes whose tests start loops (informers, controllers, workers) that run until
/// cancelled: <see cref="Stop"/> is new for every test and cancelled when it ends, pass or fail, so
/// nothing a test started outlives it.
/// </summary>
public abstract class StoppedAtTearDown
{
    private CancellationTokenSource? _stop;

    /// <summary>The current test's stop; a test may also cancel it itself to see what stopping does.</summary>
    protected CancellationTokenSource Stop => _stop ?? throw new InvalidOperationException("Stop is made in SetUp.");

    [SetUp]
    public void CreateStop() => _stop = new CancellationTokenSource();

    [TearDown]
    public void CancelStop()
    {
        _stop?.Cancel();
        _stop?.Dispose();
        _stop = null;
    }
}
