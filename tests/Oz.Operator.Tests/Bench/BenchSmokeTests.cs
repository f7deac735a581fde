using Oz.Bench.Reporting;
using Oz.Bench.Scenarios;

namespace Oz.Operator.Tests.Bench;

/// <summary>
/// Short runs of the bench's burst and chaos scenarios (the real operator host against KubeSim), so
/// that a change losing, duplicating or stranding tasks, or opening watches per task, fails CI.
/// </summary>
[NonParallelizable]
public sealed class BenchSmokeTests
{
    [Test]
    public async Task BurstOfAHundredTasksSucceedsWithOneJobEachOverOneWatchStreamPerKind()
    {
        var report = await BurstScenario.RunAsync(
            new BurstSettings { Tasks = 100, MeasureLimit = false, TimeLimit = TimeSpan.FromSeconds(45) },
            CancellationToken.None);

        var outcomes = Outcomes(report);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes["succeeded"]!.GetValue<int>(), Is.EqualTo(100), report.ToMarkdown());
            Assert.That(outcomes["lost"]!.GetValue<int>(), Is.Zero, "lost");
            Assert.That(outcomes["stuck"]!.GetValue<int>(), Is.Zero, "stuck");
            Assert.That(outcomes["duplicated"]!.GetValue<int>(), Is.Zero, "duplicated");
            Assert.That(report.Data["watchStreams"]!.GetValue<int>(), Is.EqualTo(BurstScenario.ExpectedWatchStreams), "watch streams");
        });
    }

    [Test]
    public async Task ChaosOfAHundredTasksWithRestartsDroppedWatchesAndFaultsLosesNothing()
    {
        var report = await ChaosScenario.RunAsync(
            new ChaosSettings { Tasks = 100, Restarts = 3, Window = TimeSpan.FromSeconds(10), TimeLimit = TimeSpan.FromSeconds(50) },
            CancellationToken.None);

        var outcomes = Outcomes(report);
        Assert.Multiple(() =>
        {
            Assert.That(report.Data["restarts"]!.GetValue<int>(), Is.EqualTo(3), "restarts");
            Assert.That(report.Data["injectedFailures"]!.GetValue<int>(), Is.GreaterThan(0), "faults were injected");
            Assert.That(outcomes["lost"]!.GetValue<int>(), Is.Zero, report.ToMarkdown());
            Assert.That(outcomes["duplicated"]!.GetValue<int>(), Is.Zero, report.ToMarkdown());
            Assert.That(outcomes["stuck"]!.GetValue<int>(), Is.Zero, report.ToMarkdown());
        });
    }

    /// <summary>Names a published oz-operator to run as well, e.g. the Native AOT build of the image.</summary>
    public const string PublishedBinaryVariable = "OZ_TEST_OPERATOR_BINARY";

    [Test]
    public async Task OperatorInItsOwnProcessRunsABurstToSuccessWithOneJobEachAndStopsCleanlyOnSigterm()
    {
        // The apphost the test project's reference to Oz.Operator puts next to the tests: the same
        // build the published binary comes from, without a publish step in CI.
        var (burst, report) = await RunBurstInItsOwnProcessAsync(Path.Combine(AppContext.BaseDirectory, "oz-operator"));

        Assert.That(burst["allocatedBytesPerTask"]!.GetValue<double>(), Is.GreaterThan(0), "the startup hook reported the operator's allocations");
        AssertBurstSucceededAndStoppedCleanly(burst, report);
    }

    [Test]
    public async Task PublishedOperatorBinaryRunsABurstToSuccessWithOneJobEachAndStopsCleanlyOnSigterm()
    {
        // The image's binary is a Native AOT build, whose compilation takes 5-40 minutes: too long
        // to repeat in every test run, so a pipeline that publishes it anyway (the image build)
        // names it here and this test runs the same burst against it. Its allocations are not
        // checked: a native binary loads no startup hook.
        if (Environment.GetEnvironmentVariable(PublishedBinaryVariable) is not { Length: > 0 } binary)
        {
            Assert.Ignore($"{PublishedBinaryVariable} names no published oz-operator");
            return;
        }

        var (burst, report) = await RunBurstInItsOwnProcessAsync(Path.GetFullPath(binary));

        AssertBurstSucceededAndStoppedCleanly(burst, report);
    }

    private static async Task<(JsonObject Burst, ScenarioReport Report)> RunBurstInItsOwnProcessAsync(string binary)
    {
        var report = await ProcessScenario.RunAsync(
            new ProcessSettings
            {
                Tasks = 20,
                Bursts = 1,
                OperatorPath = binary,
                Idle = TimeSpan.FromSeconds(1),
                TimeLimit = TimeSpan.FromSeconds(60),
                WorkDirectory = Path.Combine(Path.GetTempPath(), $"oz-bench-process-{Guid.NewGuid():N}"),
            },
            CancellationToken.None);

        return ((JsonObject)((JsonArray)report.Data["bursts"]!)[0]!, report);
    }

    private static void AssertBurstSucceededAndStoppedCleanly(JsonObject burst, ScenarioReport report)
    {
        var outcomes = (JsonObject)burst["outcomes"]!;
        Assert.Multiple(() =>
        {
            Assert.That(outcomes["succeeded"]!.GetValue<int>(), Is.EqualTo(20), report.ToMarkdown());
            Assert.That(outcomes["duplicated"]!.GetValue<int>(), Is.Zero, "duplicated");
            Assert.That(burst["operatorCpuMs"]!.GetValue<double>(), Is.GreaterThan(0), "the operator's CPU was read from /proc");
            Assert.That(report.Data["exitCode"]!.GetValue<int>(), Is.Zero, "exit code on SIGTERM");
        });
    }

    private static JsonObject Outcomes(ScenarioReport report) => (JsonObject)report.Data["outcomes"]!;
}
