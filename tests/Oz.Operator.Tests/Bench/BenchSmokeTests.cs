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

    [Test]
    public async Task OperatorInItsOwnProcessRunsABurstToSuccessWithOneJobEachAndStopsCleanlyOnSigterm()
    {
        // The apphost the test project's reference to Oz.Operator puts next to the tests: the same
        // build the published binary comes from, without a publish step in CI.
        var binary = Path.Combine(AppContext.BaseDirectory, "oz-operator");
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

        var burst = (JsonObject)((JsonArray)report.Data["bursts"]!)[0]!;
        var outcomes = (JsonObject)burst["outcomes"]!;
        Assert.Multiple(() =>
        {
            Assert.That(outcomes["succeeded"]!.GetValue<int>(), Is.EqualTo(20), report.ToMarkdown());
            Assert.That(outcomes["duplicated"]!.GetValue<int>(), Is.Zero, "duplicated");
            Assert.That(burst["operatorCpuMs"]!.GetValue<double>(), Is.GreaterThan(0), "the operator's CPU was read from /proc");
            Assert.That(burst["allocatedBytesPerTask"]!.GetValue<double>(), Is.GreaterThan(0), "the startup hook reported the operator's allocations");
            Assert.That(report.Data["exitCode"]!.GetValue<int>(), Is.Zero, "exit code on SIGTERM");
        });
    }

    private static JsonObject Outcomes(ScenarioReport report) => (JsonObject)report.Data["outcomes"]!;
}
