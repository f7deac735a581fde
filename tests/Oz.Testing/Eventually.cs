namespace Oz.Testing;

/// <summary>
/// Waits for a condition or a task instead of sleeping a guessed time. One default bound for every
/// test project: generous, since a loaded 2-core machine runs several suites at once; a wait that
/// succeeds returns as soon as its condition holds, so the bound costs nothing on a fast machine.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; fails the test after the timeout, or at once
    /// when the test is cancelled (its [CancelAfter] budget is spent).
    /// </summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), held => held, () => what, timeout: timeout);

    /// <summary>Polls an asynchronous <paramref name="condition"/> until it holds; fails the test after the timeout.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, held => held, () => what, timeout: timeout);

    /// <summary>
    /// Polls an asynchronous <paramref name="condition"/> until it holds; fails the test, with
    /// <paramref name="what"/> (which may name the last value seen), after the timeout or once
    /// <paramref name="cancellationToken"/> (by default the test's own) is cancelled.
    /// </summary>
    public static Task UntilAsync(Func<Task<bool>> condition, Func<string> what, CancellationToken? cancellationToken = null, TimeSpan? timeout = null) =>
        UntilAsync(condition, held => held, what, cancellationToken: cancellationToken, timeout: timeout);

    /// <summary>
    /// Polls <paramref name="probe"/> until its value satisfies <paramref name="condition"/> and returns
    /// that value. Fails the test after the timeout, or as soon as <paramref name="cancellationToken"/>
    /// (by default the test's own: its [CancelAfter] budget) is cancelled, with <paramref name="what"/>
    /// (which may name the last value seen). An exception <paramref name="retryOn"/> accepts counts
    /// as "not yet" (such as a fault the test injects on its own reads).
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> condition,
        Func<string> what,
        Func<Exception, bool>? retryOn = null,
        CancellationToken? cancellationToken = null,
        TimeSpan? timeout = null)
    {
        var cancelled = cancellationToken ?? TestContext.CurrentContext.CancellationToken;
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (cancelled.IsCancellationRequested)
            {
                Assert.Fail($"The test was cancelled (its time budget is spent) while waiting for: {what()}");
            }

            try
            {
                var value = await probe().ConfigureAwait(false);
                if (condition(value))
                {
                    return value;
                }
            }
            catch (Exception e) when (retryOn?.Invoke(e) == true && DateTime.UtcNow < deadline)
            {
                // Not yet: read again.
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what()}");
            }

            // Ends early, without throwing, when the test is cancelled: the check above then fails it.
            await Task.Delay(PollInterval, cancelled).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Awaits <paramref name="task"/>; fails the test if it has not finished within the timeout.</summary>
    public static async Task<T> Within<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for: {what}");
            throw;
        }
    }

    /// <summary>Awaits <paramref name="task"/>; fails the test if it has not finished within the timeout.</summary>
    public static async Task Within(Task task, string what, TimeSpan? timeout = null)
    {
        try
        {
            await task.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting for: {what}");
        }
    }
}
