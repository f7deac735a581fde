using Oz.KubeSim.Events;
using Oz.KubeSim.Store;
using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>The whole preflight against KubeSim over HTTP, one failure at a time.</summary>
public sealed class PreflightRunnerTests
{
    /// <summary>A CRD missing from an install: the Reason, what the Detail names, what the Fix says.</summary>
    public static IEnumerable<TestCaseData> MissingCrds() =>
    [
        new TestCaseData(false, true, "oz.warp.dev", new[] { "kubectl apply -f config/crd", "crds.install=true" })
            .SetName("MissingCrdFailsWithTheInstallHint"),

        // An install that kept an older CRD set: the schedule controller could never sync.
        new TestCaseData(true, false, "agenttaskschedules.oz.warp.dev", new[] { "kubectl apply -f config/crd" })
            .SetName("AMissingAgentTaskScheduleCrdFailsNamingIt"),
    ];

    [TestCaseSource(nameof(MissingCrds))]
    public async Task AMissingCrdFails(bool withCrd, bool withScheduleCrd, string named, string[] fix)
    {
        var result = await CrdServedAsync(withCrd, withScheduleCrd);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo("CrdMissing"));
            Assert.That(result.Detail, Does.Contain(named));
            Assert.That(fix, Is.All.Matches<string>(part => result.Fix!.Contains(part, StringComparison.Ordinal)), result.Fix);
        });
    }

    [Test]
    public async Task ServedCrdPasses()
    {
        var result = await CrdServedAsync();

        Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
    }

    [Test]
    public async Task UnreachableApiServerFailsAndSkipsTheChecksThatNeedIt()
    {
        var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        await cluster.DisposeAsync();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(report[ApiServerCheck.CheckName].Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(report[ApiServerCheck.CheckName].Fix, Does.Contain("kubeconfig"));
            Assert.That(
                report.Results.Skip(1).Select(r => (r.Status, r.Detail)),
                Is.All.EqualTo((PreflightStatus.Skipped, "skipped: the API server is unreachable")));
            Assert.That(report.Results.Select(r => r.Name), Is.EqualTo(new[] { "api-server", "agenttask-crd", "permissions", "dry-run-job", "pod-security", "image-volumes", "preflight-job" }));
        });
    }

    [Test]
    public async Task EachCheckIsLoggedWithStructuredFields()
    {
        var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        await cluster.DisposeAsync();
        var log = new StructuredLogCapture<PreflightRunner>();

        await new PreflightRunner(client, PreflightCluster.Options(), PreflightCluster.Settings(), log).RunAsync(CancellationToken.None);

        var checks = log.Entries.Where(e => e.Fields.ContainsKey("Check")).ToList();
        var apiServer = checks.Single(e => (string?)e.Fields["Check"] == ApiServerCheck.CheckName);
        Assert.Multiple(() =>
        {
            Assert.That(checks, Has.Count.EqualTo(7));
            Assert.That(apiServer.Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Error));
            Assert.That(apiServer.Fields["Result"], Is.EqualTo(PreflightStatus.Failed));
            Assert.That(apiServer.Fields["Reason"], Is.EqualTo("Unreachable"));
            Assert.That((string?)apiServer.Fields["Fix"], Does.Contain("kubeconfig"));
        });
    }

    [Test]
    public async Task PassedChecksAreLoggedWithoutPlaceholdersForTheMissingReasonAndFix()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        var log = new StructuredLogCapture<PreflightRunner>();

        await new PreflightRunner(client, PreflightCluster.Options(), PreflightCluster.Settings(), log).RunAsync(CancellationToken.None);

        var checks = log.Entries.Where(e => e.Fields.ContainsKey("Check")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(checks, Has.Count.EqualTo(7));
            Assert.That(checks.Select(e => e.Message), Has.None.Contains("(null)"));
            Assert.That(checks.Select(e => e.Message), Has.Some.StartsWith($"Preflight check {ApiServerCheck.CheckName}: Passed: "));
        });
    }

    [Test]
    public async Task AdmissionDenialOfTheRootInitContainerIsReportedVerbatim()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        cluster.Sim.Admission.Add(new RootInitContainerPolicy(checkJobs: true, checkPods: true));
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        var dryRun = report[DryRunJobCheck.CheckName];
        var job = report[PreflightJobCheck.CheckName];
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(dryRun.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(dryRun.Reason, Is.EqualTo("AdmissionDenied"));
            Assert.That(dryRun.Detail, Does.Contain(RootInitContainerPolicy.Message));
            Assert.That(dryRun.Fix, Does.Contain("root").And.Contain("useImageVolumes"));
            Assert.That(job.Reason, Is.EqualTo("AdmissionDenied"));
            Assert.That(job.Detail, Does.Contain(RootInitContainerPolicy.Message));
            Assert.That(cluster.Jobs(), Is.Empty);
        });
    }

    [Test]
    public async Task AdmissionWarningsOnTheDryRunAreAWarningNotAFailure()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        cluster.Sim.Admission.Add(new RootInitContainerPolicy(checkJobs: true, checkPods: false, warnOnly: true));
        using var client = cluster.CreateClient();

        var result = await new DryRunJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Warning));
            Assert.That(result.Detail, Does.Contain("would violate PodSecurity \"restricted:latest\""));
            Assert.That(cluster.Jobs(), Is.Empty, "a dry run stores nothing");
        });
    }

    [Test]
    public async Task DryRunOfTheTaskJobShapeIsAdmittedWithoutStoringIt()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();

        var result = await new DryRunJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
            Assert.That(cluster.Jobs(), Is.Empty);
            Assert.That(cluster.Sim.RequestLog.Count("create", "jobs"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AJobThatDoesNotFinishInTimeFailsWithTimeoutAndIsDeleted()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        var options = PreflightCluster.Options() with { PreflightImage = "kubesim/hang" };

        var result = await new PreflightJobCheck().RunAsync(
            cluster.Context(client, options, PreflightCluster.Settings(TimeSpan.FromSeconds(1))), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo("Timeout"));
            Assert.That(result.Detail, Does.Contain("did not complete within 1s"));
            Assert.That(result.Fix, Does.Contain("timeout"));
        });
        AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task ACancelledPreflightStillDeletesItsJob()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        using var cancel = new CancellationTokenSource();
        var check = await StartHangingJobCheckAsync(cluster, client, cancel.Token);

        await cancel.CancelAsync();

        Assert.That(async () => await check, Throws.InstanceOf<OperationCanceledException>());
        AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task TheJobIsLabelledAsPreflightAndNotAsATask()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        using var cancel = new CancellationTokenSource();
        var check = await StartHangingJobCheckAsync(cluster, client, cancel.Token);

        var labels = cluster.Jobs()[0].Labels;
        await cancel.CancelAsync();
        Assert.That(async () => await check, Throws.InstanceOf<OperationCanceledException>());

        Assert.Multiple(() =>
        {
            Assert.That(labels["app.kubernetes.io/managed-by"], Is.EqualTo("oz-operator"));
            Assert.That(labels, Does.ContainKey(PreflightLabels.Preflight));
            Assert.That(labels, Does.Not.ContainKey("oz.warp.dev/agenttask"));
        });
    }

    /// <summary>Starts the Job check with an image that never ends and waits until its Job exists; returns the running check.</summary>
    private static async Task<Task<PreflightCheckResult>> StartHangingJobCheckAsync(PreflightCluster cluster, IKubernetes client, CancellationToken cancellationToken)
    {
        var options = PreflightCluster.Options() with { PreflightImage = "kubesim/hang" };
        var check = new PreflightJobCheck().RunAsync(cluster.Context(client, options, PreflightCluster.Settings(TimeSpan.FromSeconds(30))), cancellationToken);
        await Eventually.Until(() => cluster.Jobs().Count == 1, "the preflight Job exists");
        return check;
    }

    internal static void AssertJobCreatedAndDeleted(PreflightCluster cluster)
    {
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Sim.RequestLog.Entries.Count(e => e is { Verb: "create", Resource: "jobs", Code: 201 }), Is.GreaterThanOrEqualTo(1), "a Job was created");
            Assert.That(cluster.Sim.RequestLog.Entries.Count(e => e is { Verb: "delete", Resource: "jobs" } && e.Code < 300), Is.EqualTo(1), "the Job was deleted");
            Assert.That(cluster.Jobs(), Is.Empty, "no Job is left");
        });
    }

    /// <summary>The namespace's Events as events.k8s.io/v1 serves them (the simulator stores core/v1 Events, like Kubernetes).</summary>
    internal static IReadOnlyList<JsonObject> EventsV1(PreflightCluster cluster, string ns = PreflightCluster.Namespace) =>
        [.. cluster.Sim.Store.List(BuiltInResources.EventsV1, ns).Items.Select(e => EventConversion.ToEventsV1(e.ToJsonObject()))];

    /// <summary>The CRD check against a cluster that serves the AgentTask and AgentTaskSchedule CRDs, or not.</summary>
    private static async Task<PreflightCheckResult> CrdServedAsync(bool withCrd = true, bool withScheduleCrd = true)
    {
        await using var cluster = await PreflightCluster.StartAsync(withCrd: withCrd, withScheduleCrd: withScheduleCrd);
        using var client = cluster.CreateClient();
        return await new CrdServedCheck().RunAsync(cluster.Context(client), CancellationToken.None);
    }
}
