namespace Oz.Testing;

/// <summary>
/// Waits for a condition or a task instead of sleeping a guessed time. One default bound for every
/// test project: generous, since a loaded 2-core machine runs several suites at once; a wait that
/// succeeds returns as soon as its condition holds, so the bound costs nothing on a fast machine.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after the timeout.</summary>
    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
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
