namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// Time budgets for the end-to-end fixtures' [CancelAfter]. NUnit 4 cancels cooperatively (no
/// [Timeout] on .NET): the harnesses' waits watch the test's token and fail naming what they waited
/// for, so a stuck test ends in minutes instead of eating the CI run.
/// </summary>
internal static class TestBudgets
{
    /// <summary>
    /// Per end-to-end test. The slowest takes about 3 s (up to ~10 s on a loaded 2-core
    /// machine); each single wait is also bounded (20–30 s), this bounds a test made of many.
    /// </summary>
    public const int EndToEndMilliseconds = 60_000;
}
