using Oz.KubeSim.Admission;
using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>Preflight against KubeSim's own Job controller and kubelet, whose outcomes are scripted by image name or pod annotation.</summary>
public sealed class PreflightOnKubeSimControllersTests
{
    public static IEnumerable<TestCaseData> Failures()
    {
        // image, pod annotation outcome, expected reason, words of the detail
        yield return new TestCaseData("kubesim/errimagepull", null, "ImagePull", "ErrImagePull").SetArgDisplayNames("image pull error");
        yield return new TestCaseData("kubesim/invalidimage", null, "InvalidImage", "InvalidImageName").SetArgDisplayNames("invalid image");
        yield return new TestCaseData("busybox:1.36", "unschedulable", "Unschedulable", "cannot be scheduled").SetArgDisplayNames("unschedulable");
        yield return new TestCaseData("busybox:1.36", "failedmount", "FailedMount", "MountVolume.SetUp failed").SetArgDisplayNames("FailedMount");
        yield return new TestCaseData("kubesim/hang", null, "Timeout", "did not complete within 2s").SetArgDisplayNames("timeout");
    }

    [Test]
    public async Task APassingClusterPasses()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [TestCaseSource(nameof(Failures))]
    public async Task AFailingJobIsDiagnosedByNameAndDeleted(string image, string? podOutcome, string reason, string detail)
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        var options = PreflightCluster.Options() with
        {
            PreflightImage = image,
            UnschedulableTimeout = TimeSpan.FromMilliseconds(300),
            ExtraAnnotations = podOutcome is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["kubesim.oz/outcome"] = podOutcome },
        };

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client, options, PreflightCluster.Settings(TimeSpan.FromSeconds(2))), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(reason), result.Detail);
            Assert.That(result.Detail, Does.Contain(detail));
            Assert.That(result.Fix, Is.Not.Empty);
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task PodSecurityRejectingTheRootInitContainerIsAFailedCreateAndADryRunWarning()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        cluster.Sim.Admission.Add(new PodSecurityRule("restricted", [PreflightCluster.Namespace]));
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client, settings: PreflightCluster.Settings(TimeSpan.FromSeconds(5))).RunAsync(CancellationToken.None);

        var dryRun = report[DryRunJobCheck.CheckName];
        var job = report[PreflightJobCheck.CheckName];
        Assert.Multiple(() =>
        {
            Assert.That(report.Passed, Is.False);
            Assert.That(dryRun.Status, Is.EqualTo(PreflightStatus.Warning));
            Assert.That(dryRun.Detail, Does.Contain("would violate PodSecurity \"restricted:latest\""));
            Assert.That(job.Reason, Is.EqualTo("FailedCreate"), job.Detail);
            Assert.That(job.Detail, Does.Contain("violates PodSecurity \"restricted:latest\""));
            Assert.That(job.Fix, Does.Contain("pod-security.kubernetes.io/enforce=baseline"));
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task AGatekeeperDenialOfTheJobIsReportedVerbatimByTheDryRun()
    {
        const string Message = "[k8s-psp-run-as-nonroot] init container <copy-sidecar-0> must set runAsNonRoot";
        await using var cluster = await PreflightCluster.StartAsync();
        cluster.Sim.Admission.Add(new DenyRule(request => request.Type.Kind == "Job", Message));
        using var client = cluster.CreateClient();

        var result = await new DryRunJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Reason, Is.EqualTo("AdmissionDenied"));
            Assert.That(result.Detail, Is.EqualTo($"admission webhook \"validation.gatekeeper.sh\" denied the request: {Message}"));
        });
    }
}
