using System.Text.Json.Nodes;
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
    public async Task BurstOfAHundredTasksSucceedsWithOneJobEachOverThreeWatchStreams()
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

    private static JsonObject Outcomes(ScenarioReport report) => (JsonObject)report.Data["outcomes"]!;
}
