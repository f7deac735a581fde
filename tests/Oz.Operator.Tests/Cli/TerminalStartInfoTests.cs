namespace Oz.Operator.Tests.Cli;

/// <summary>
/// The toolkit's start for commands a test stops with Ctrl-C: the command sees SIGINT at its default
/// even when whatever started the test runner ignored it (a background job of a CI script does).
/// </summary>
public sealed class TerminalStartInfoTests
{
    private const ulong SigIntBit = 1UL << (2 - 1);

    [Test]
    public async Task ACommandStartedAsFromATerminalHasSigIntAtItsDefaultUnderAParentThatIgnoresIt()
    {
        var command = ProcessRunner.StartInfoAsFromATerminal("sh", ["-c", "grep SigIgn /proc/self/status"]);
        // The parent ignores SIGINT, as a runner started by `cmd &` in a script does, then becomes the command.
        var underAnIgnoringParent = ProcessRunner.StartInfo("sh", ["-c", "trap '' INT; exec \"$@\"", "sh", command.FileName, .. command.ArgumentList]);

        var result = await ProcessRunner.RunAsync(underAnIgnoringParent);

        Assert.That(IgnoredSignals(result.StandardOutput) & SigIntBit, Is.Zero, result.Output);
    }

    [Test]
    public async Task APlainStartUnderAParentThatIgnoresSigIntInheritsTheIgnore()
    {
        // What the terminal start exists for: without it, the ignore reaches the command.
        var underAnIgnoringParent = ProcessRunner.StartInfo("sh", ["-c", "trap '' INT; exec sh -c 'grep SigIgn /proc/self/status'"]);

        var result = await ProcessRunner.RunAsync(underAnIgnoringParent);

        Assert.That(IgnoredSignals(result.StandardOutput) & SigIntBit, Is.EqualTo(SigIntBit), result.Output);
    }

    private static ulong IgnoredSignals(string status) =>
        Convert.ToUInt64(status.Split(':', 2)[1].Trim(), 16);
}
