namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>How long the fake Oz server's tests watch a session for a message that must not come.</summary>
public static class Waits
{
    /// <summary>How long to watch for something that must not happen.</summary>
    public static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(400);
}
