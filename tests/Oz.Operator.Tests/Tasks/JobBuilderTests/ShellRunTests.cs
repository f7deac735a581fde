namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>The harness that runs the pod scripts: a script that misbehaves fails its test fast instead of hanging the run.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ShellRunTests
{
    // Far above the harness's own bounds: reaching it means the wait would have hung.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(45);

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Directory.CreateTempSubdirectory("oz-shellrun-").FullName;
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task AProcessTheScriptLeavesRunningIsKilledAndFailsTheWaitInsteadOfHangingIt()
    {
        // The background sleep inherits the script's stderr, so stderr never ends while it runs:
        // what an agent the wrapper failed to stop does.
        var pidFile = Path.Combine(directory, "leftover.pid");
        using var run = ShellRun.Start("/bin/sh", "sleep 600 & echo $! > \"$1\"; exit 0", "leaver", [pidFile], new Dictionary<string, string>(), directory);

        var wait = run.WaitAsync();
        var failure = Assert.ThrowsAsync<ShellLeftoverException>(async () => await wait.WaitAsync(Hung));

        Assert.That(failure!.Message, Does.Contain("left"));
        var leftover = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        await ShellRun.WaitUntilAsync(() => !Directory.Exists($"/proc/{leftover}"), $"the leftover sleep {leftover} to be killed");
    }

    [Test]
    public async Task TheScriptsStdoutIsCapturedNotInheritedFromTheTestHost()
    {
        // A process left running with the test host's stdout would keep the test run from ending.
        using var run = ShellRun.Start("/bin/sh", "echo hello", "talker", [], new Dictionary<string, string>(), directory);

        await run.WaitAsync().WaitAsync(Hung);

        Assert.That(await run.Stdout.WaitAsync(Hung), Is.EqualTo("hello\n"));
    }

    [Test]
    public async Task AScriptThatEndsCleanlyGivesItsExitCodeAndStderr()
    {
        using var run = ShellRun.Start("/bin/sh", "echo oops >&2; exit 3", "clean", [], new Dictionary<string, string>(), directory);

        var (exitCode, stderr) = await run.WaitAsync().WaitAsync(Hung);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3));
            Assert.That(stderr, Is.EqualTo("oops\n"));
        });
    }
}
