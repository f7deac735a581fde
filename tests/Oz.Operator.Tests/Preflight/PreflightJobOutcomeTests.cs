using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// The preflight Job's fate, diagnosed from what the cluster shows over HTTP. KubeSim runs without
/// its own controllers; <see cref="ScriptedJobController"/> writes what a real cluster would.
/// </summary>
public sealed class PreflightJobOutcomeTests
{
    public static IEnumerable<TestCaseData> Failures()
    {
        // outcome, expected reason, words of the detail, words of the fix
        yield return new TestCaseData(ScriptedJobOutcome.ImagePull, "ImagePull", "ErrImagePull", "imagePullSecrets").SetArgDisplayNames("image pull error");
        yield return new TestCaseData(ScriptedJobOutcome.InvalidImage, "InvalidImage", "InvalidImageName", "valid image reference").SetArgDisplayNames("invalid image");
        yield return new TestCaseData(ScriptedJobOutcome.Unschedulable, "Unschedulable", ScriptedJobController.SchedulerMessage, "nodeSelector").SetArgDisplayNames("unschedulable");
        yield return new TestCaseData(ScriptedJobOutcome.FailedCreate, "FailedCreate", ScriptedJobController.FailedCreateMessage, "root").SetArgDisplayNames("FailedCreate");
        yield return new TestCaseData(ScriptedJobOutcome.FailedMount, "FailedMount", ScriptedJobController.MountMessage, "must exist in namespace oz").SetArgDisplayNames("FailedMount");
        yield return new TestCaseData(ScriptedJobOutcome.InitContainerExit, "ContainerExit", "copy-sidecar-0 exited with code 1", "/bin/sh and cp").SetArgDisplayNames("init container exit");
    }

    [TestCaseSource(nameof(Failures))]
    public async Task AFailingJobIsDiagnosedByNameAndDeleted(ScriptedJobOutcome outcome, string reason, string detail, string fix)
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(outcome);
        using var client = cluster.CreateClient();

        // Causes that may clear up (unschedulable, mount retries) are reported when the Job times out.
        var result = await new PreflightJobCheck().RunAsync(
            cluster.Context(client, settings: PreflightCluster.Settings(TimeSpan.FromSeconds(2))), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(reason));
            Assert.That(result.Detail, Does.Contain(detail));
            Assert.That(result.Fix, Does.Contain(fix));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task APodUnschedulableForUnschedulableTimeoutFailsBeforeThePreflightTimeout()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Unschedulable);
        using var client = cluster.CreateClient();
        var options = PreflightCluster.Options() with { UnschedulableTimeout = TimeSpan.FromMilliseconds(300) };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var result = await new PreflightJobCheck().RunAsync(
            cluster.Context(client, options, PreflightCluster.Settings(TimeSpan.FromSeconds(20))), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Is.EqualTo("Unschedulable"));
            Assert.That(result.Detail, Does.Contain(ScriptedJobController.SchedulerMessage).And.Contain("unschedulableTimeout"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task APassingClusterPassesEveryCheckAndRecordsPreflightPassedOnTheLease()
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        var events = PreflightRunnerTests.EventsV1(cluster).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
            Assert.That(report.Results.Select(r => r.Status), Is.All.EqualTo(PreflightStatus.Passed));
            Assert.That(events, Has.Count.EqualTo(1));
            Assert.That((string?)events[0]["reason"], Is.EqualTo(PreflightEventRecorder.Reason));
            Assert.That((string?)events[0]["regarding"]?["kind"], Is.EqualTo("Lease"));
            Assert.That((string?)events[0]["regarding"]?["name"], Is.EqualTo("oz-operator-leader-preflight-test"), "outside a pod, the Event regards the Lease");
            Assert.That((string?)events[0]["reportingController"], Is.EqualTo(PreflightEventRecorder.ReportingController));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task ThePassedEventIsAcceptedEvenWhenThePodNameIsLongerThanAnEventsReportingInstanceMayBe()
    {
        // A pod name may be 253 characters; an Event's reportingInstance at most 128 (the API server refuses more).
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        using var client = cluster.CreateClient();
        var settings = PreflightCluster.Settings() with { ReportingInstance = new string('p', 253) };

        var report = await cluster.Runner(client, settings: settings).RunAsync(CancellationToken.None);

        var events = PreflightRunnerTests.EventsV1(cluster).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
            Assert.That(events, Has.Count.EqualTo(1));
            Assert.That(((string?)events[0]["reportingInstance"])!.Length, Is.LessThanOrEqualTo(128));
        });
    }

    [Test]
    public async Task AFailedPreflightRecordsNoPassedEvent()
    {
        await using var cluster = await PreflightCluster.StartAsync(withCrd: false, options: new KubeSimOptions { RunControllers = false });
        await using var controller = new ScriptedJobController(cluster.Sim.Client, PreflightCluster.Namespace, ScriptedJobOutcome.Complete);
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(report[PreflightJobCheck.CheckName].Status, Is.EqualTo(PreflightStatus.Passed), "the other checks still ran");
            Assert.That(PreflightRunnerTests.EventsV1(cluster), Is.Empty);
        });
    }
}
