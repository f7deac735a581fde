using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// What the preflight Job waits for instead of failing: a pod that is only unschedulable at startup
/// (a node pool scaling up from zero), and a first FailedCreate that a later attempt gets past.
/// </summary>
public sealed class PreflightStartupWaitTests
{
    [Test]
    public async Task AtStartupAnUnschedulablePodIsWaitedForUntilThePreflightTimeoutWithALogLineEachInterval()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Unschedulable);
        using var client = cluster.CreateClient();
        var options = PreflightCluster.Options() with { UnschedulableTimeout = TimeSpan.FromMilliseconds(200) };
        var settings = PreflightCluster.Settings(TimeSpan.FromSeconds(3)) with { WaitWhileUnschedulable = true, ProgressLogInterval = TimeSpan.FromMilliseconds(500) };
        var log = new StructuredLogCapture<PreflightJobCheck>();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var result = await new PreflightJobCheck().RunAsync(new PreflightContext(client, options, settings, "wait1", log), CancellationToken.None);

        var waiting = log.Entries.Where(e => e.Level == LogLevel.Warning && e.Fields.ContainsKey("Seconds")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stopwatch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5)), "not failed at unschedulableTimeout");
            Assert.That(result.Reason, Is.EqualTo(JobDiagnosis.Unschedulable));
            Assert.That(result.Detail, Does.Contain(ScriptedJobController.SchedulerMessage));
            Assert.That(waiting, Is.Not.Empty, "says it is still waiting");
            Assert.That((string?)waiting[0].Fields["Detail"], Does.Contain(ScriptedJobController.SchedulerMessage));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task AFailedCreateFollowedByAPodIsNotAFinding()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.FailedCreateThenComplete);
        using var client = cluster.CreateClient();

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client, settings: PreflightCluster.Settings(TimeSpan.FromSeconds(10))), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task AFailedCreateThatLastsItsGraceFailsBeforeThePreflightTimeout()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.FailedCreate);
        using var client = cluster.CreateClient();
        var settings = PreflightCluster.Settings(TimeSpan.FromSeconds(30)) with { FailedCreateGrace = TimeSpan.FromMilliseconds(300) };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client, settings: settings), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Is.EqualTo(JobDiagnosis.FailedCreate));
            Assert.That(result.Detail, Does.Contain(ScriptedJobController.FailedCreateMessage).And.Contain("still failing"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task ThePassedEventIsRecordedOnTheLeaseWhereItLives()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        cluster.GrantSplit();
        using var client = cluster.CreateClient();
        var settings = PreflightCluster.Settings() with { LeaseNamespace = PreflightCluster.LeaseNamespace };

        var report = await cluster.Runner(client, settings: settings).RunAsync(CancellationToken.None);

        var events = PreflightRunnerTests.EventsV1(cluster, PreflightCluster.LeaseNamespace);
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
            Assert.That(events, Has.Count.EqualTo(1));
            Assert.That((string?)events[0]["regarding"]?["namespace"], Is.EqualTo(PreflightCluster.LeaseNamespace));
            Assert.That(PreflightRunnerTests.EventsV1(cluster), Is.Empty, "none in the task namespace");
        });
    }

    [Test]
    public async Task InAPodThePassedEventRegardsTheOperatorsOwnPod()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        cluster.GrantSplit();
        using var client = cluster.CreateClient();
        var settings = PreflightCluster.Settings() with { LeaseNamespace = PreflightCluster.LeaseNamespace, PodName = "oz-operator-7d9f-abcde" };

        var report = await cluster.Runner(client, settings: settings).RunAsync(CancellationToken.None);

        var events = PreflightRunnerTests.EventsV1(cluster, PreflightCluster.LeaseNamespace);
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
            Assert.That(events, Has.Count.EqualTo(1));
            Assert.That((string?)events[0]["regarding"]?["kind"], Is.EqualTo("Pod"));
            Assert.That((string?)events[0]["regarding"]?["apiVersion"], Is.EqualTo("v1"));
            Assert.That((string?)events[0]["regarding"]?["name"], Is.EqualTo("oz-operator-7d9f-abcde"));
            Assert.That((string?)events[0]["regarding"]?["namespace"], Is.EqualTo(PreflightCluster.LeaseNamespace));
        });
    }
}
