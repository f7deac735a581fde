namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>Runs the task container's wrapper against a fake agent entrypoint in a temp directory.</summary>
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class TaskEntrypointScriptTests
{
    private const string Teardown = "echo \"teardown FROM_ENV_FILE=${FROM_ENV_FILE:-}\" >> \"$OUT_DIR/log\"";

    // Records its arguments NUL-separated and what it saw, then exits with $AGENT_EXIT.
    private const string FakeAgent =
        """
        for arg in "$@"; do printf '%s\0' "$arg"; done > "$OUT_DIR/args"
        echo "agent FROM_ENV_FILE=${FROM_ENV_FILE:-} pwd=$(pwd)" >> "$OUT_DIR/log"
        exit "${AGENT_EXIT:-0}"
        """;

    // Runs until SIGTERM, then exits 7 as an agent that cleans up would.
    private const string LongRunningAgent =
        """
        trap 'echo "agent got TERM" >> "$OUT_DIR/log"; exit 7' TERM
        echo "agent started" >> "$OUT_DIR/log"
        touch "$OUT_DIR/started"
        while :; do sleep 0.05; done
        """;

    private static readonly string[] TrickyArgs =
    [
        "agent", "run", "with space", "it's", "\"double\"", "$HOME", "`id`", "$(id)", "a\nnewline", "", "*", "--flag=x y", "\\back\\slash",
    ];

    private string directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Directory.CreateTempSubdirectory("oz-wrapper-").FullName;
    }

    [TearDown]
    public void DeleteDirectory()
    {
        Directory.Delete(directory, recursive: true);
    }

    private static IEnumerable<TestCaseData> ShellsAndModes() =>
        ShellRun.Shells().SelectMany(shell => new[]
        {
            new TestCaseData(shell, null).SetArgDisplayNames(shell, "no teardown"),
            new TestCaseData(shell, Teardown).SetArgDisplayNames(shell, "teardown"),
        });

    private static IEnumerable<TestCaseData> ShellsAndExitCodes() =>
        ShellRun.Shells().SelectMany(shell => new[] { 0, 42, 137 }.SelectMany(code => new[]
        {
            new TestCaseData(shell, null, code).SetArgDisplayNames(shell, "no teardown", code.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new TestCaseData(shell, Teardown, code).SetArgDisplayNames(shell, "teardown", code.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }));

    private static IEnumerable<TestCaseData> Shells() => ShellRun.Shells().Select(shell => new TestCaseData(shell).SetArgDisplayNames(shell));

    private string TerminationLog => Path.Combine(directory, "termination-log");

    private ShellRun Run(string shell, string? teardown, string agent, IEnumerable<string> args, int agentExit = 0, bool teardownFailureFailsTask = true)
    {
        var entrypoint = Path.Combine(directory, "agent", "entrypoint.sh");
        Directory.CreateDirectory(Path.GetDirectoryName(entrypoint)!);
        File.WriteAllText(entrypoint, agent);
        var environment = new Dictionary<string, string>
        {
            ["OUT_DIR"] = directory,
            ["OZ_ENVIRONMENT_FILE"] = Path.Combine(directory, ".oz-env"),
            ["AGENT_EXIT"] = agentExit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return ShellRun.Start(shell, TaskEntrypointScript.Build(teardown, entrypoint, teardownFailureFailsTask, TerminationLog), TaskEntrypointScript.ScriptName, args, environment, directory);
    }

    private string[] Log() => File.Exists(Path.Combine(directory, "log")) ? File.ReadAllLines(Path.Combine(directory, "log")) : [];

    [TestCaseSource(nameof(ShellsAndModes))]
    public async Task ArgumentsReachTheAgentIntact(string shell, string? teardown)
    {
        using var run = Run(shell, teardown, FakeAgent, TrickyArgs);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        var received = File.ReadAllText(Path.Combine(directory, "args")).Split('\0')[..^1];
        Assert.That(received, Is.EqualTo(TrickyArgs));
    }

    [TestCaseSource(nameof(ShellsAndModes))]
    public async Task EnvironmentFileIsSourcedAndExportedForTheAgent(string shell, string? teardown)
    {
        File.WriteAllText(Path.Combine(directory, ".oz-env"), "FROM_ENV_FILE='set by setup'\n");
        using var run = Run(shell, teardown, FakeAgent, []);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(Log()[0], Does.StartWith("agent FROM_ENV_FILE=set by setup "));
    }

    [TestCaseSource(nameof(ShellsAndModes))]
    public async Task MissingEnvironmentFileIsFine(string shell, string? teardown)
    {
        using var run = Run(shell, teardown, FakeAgent, ["x"]);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(Log()[0], Does.StartWith("agent FROM_ENV_FILE= "));
    }

    [TestCaseSource(nameof(ShellsAndExitCodes))]
    public async Task AgentsExitCodeIsPreserved(string shell, string? teardown, int agentExit)
    {
        using var run = Run(shell, teardown, FakeAgent, [], agentExit);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.EqualTo(agentExit), stderr);
    }

    [TestCaseSource(nameof(Shells))]
    public async Task TeardownRunsOnceAfterTheAgentExitsByItselfAndSeesTheEnvironmentFile(string shell)
    {
        File.WriteAllText(Path.Combine(directory, ".oz-env"), "FROM_ENV_FILE=yes\n");
        using var run = Run(shell, Teardown, FakeAgent, [], agentExit: 5);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.EqualTo(5), stderr);
        Assert.That(Log(), Is.EqualTo(new[] { $"agent FROM_ENV_FILE=yes pwd={directory}", "teardown FROM_ENV_FILE=yes" }));
    }

    [TestCaseSource(nameof(Shells))]
    public async Task FailingTeardownAfterASuccessfulAgentFailsWithTheTeardownsCodeAndSaysSoInTheTerminationMessage(string shell)
    {
        using var run = Run(shell, "echo teardown >> \"$OUT_DIR/log\"; exit 9", FakeAgent, []);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(9));
            Assert.That(Log(), Has.Member("teardown"));
            Assert.That(stderr, Does.Contain("teardown command failed with exit code 9"));
            Assert.That(TaskEntrypointScript.IsTeardownFailure(File.ReadAllText(TerminationLog)), Is.True);
        });
    }

    [TestCaseSource(nameof(Shells))]
    public async Task FailingTeardownAfterAFailedAgentKeepsTheAgentsExitCode(string shell)
    {
        using var run = Run(shell, "exit 9", FakeAgent, [], agentExit: 3);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(3));
            Assert.That(stderr, Does.Contain("teardown command failed with exit code 9"));
            Assert.That(File.Exists(TerminationLog), Is.False);
        });
    }

    [TestCaseSource(nameof(Shells))]
    public async Task FailingTeardownIsOnlyLoggedWhenItMayNotFailTheTask(string shell)
    {
        using var run = Run(shell, "exit 9", FakeAgent, [], teardownFailureFailsTask: false);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(stderr, Does.Contain("teardown command failed with exit code 9"));
            Assert.That(File.Exists(TerminationLog), Is.False);
        });
    }

    [TestCaseSource(nameof(Shells))]
    public async Task TeardownCommandWithQuotesRunsAsWritten(string shell)
    {
        using var run = Run(shell, "echo 'it'\"'\"'s \"done\" $((1+1))' >> \"$OUT_DIR/log\"", FakeAgent, []);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        Assert.That(Log().Last(), Is.EqualTo("it's \"done\" $((1+1))"));
    }

    [TestCaseSource(nameof(Shells))]
    public async Task SigtermIsForwardedToTheAgentThenTeardownRunsAndTheAgentsExitCodeIsKept(string shell)
    {
        using var run = Run(shell, Teardown, LongRunningAgent, []);
        await ShellRun.WaitForFileAsync(Path.Combine(directory, "started"));

        run.Terminate();
        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.EqualTo(7), stderr);
        Assert.That(Log(), Is.EqualTo(new[] { "agent started", "agent got TERM", "teardown FROM_ENV_FILE=" }));
    }

    [TestCaseSource(nameof(Shells))]
    public async Task WithoutTeardownTheAgentIsExecedAndReceivesSigtermItself(string shell)
    {
        using var run = Run(shell, null, LongRunningAgent, []);
        await ShellRun.WaitForFileAsync(Path.Combine(directory, "started"));

        run.Terminate();
        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.EqualTo(7), stderr);
        Assert.That(Log(), Is.EqualTo(new[] { "agent started", "agent got TERM" }));
    }

    [Test]
    public void RealWrapperRunsTheAgentSidecarsEntrypoint()
    {
        Assert.That(TaskEntrypointScript.Build(null), Does.Contain("exec /bin/sh '/agent/entrypoint.sh' \"$@\""));
        Assert.That(TaskEntrypointScript.Build("true"), Does.Contain("/bin/sh '/agent/entrypoint.sh' \"$@\""));
    }
}
