namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>Bounds on waiting for asynchronous conditions in tests: generous, since the machine is shared.</summary>
public static class Waits
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    /// <summary>How long to watch for something that must not happen.</summary>
    public static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(400);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for: {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
