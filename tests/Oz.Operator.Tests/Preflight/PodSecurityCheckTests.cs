using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>The pod-security check against the simulator with RBAC enforced: the task namespace's labels and the configured pod shape.</summary>
public sealed class PodSecurityCheckTests
{
    private static readonly V1PodSpec NonRootTemplate = new() { SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000 } };

    [Test]
    public async Task AnUnlabelledNamespaceNamesNoLevelAndPasses()
    {
        await using var cluster = await StartAsync(canReadNamespace: true);

        var result = await RunAsync(cluster, PreflightCluster.Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed));
            Assert.That(result.Detail, Does.Contain("enforce not set, warn not set, audit not set").And.Contain("passes baseline"));
        });
    }

    [Test]
    public async Task EnforcedRestrictedFailsTheDefaultPodWithCopiedSidecarsNamingWhatBreaksIt()
    {
        await using var cluster = await StartAsync(canReadNamespace: true);
        await LabelAsync(cluster, ("enforce", "restricted"));

        var result = await RunAsync(cluster, PreflightCluster.Options() with { PodTemplate = NonRootTemplate });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(PodSecurityCheck.Refused));
            Assert.That(result.Detail, Does.Contain("enforce=restricted:latest").And.Contain("runAsNonRoot != true (copy-sidecar-0)"));
            Assert.That(result.Fix, Does.Contain("useImageVolumes=true"));
        });
    }

    [Test]
    public async Task EnforcedRestrictedPassesImageVolumesWithANonRootPodTemplate()
    {
        await using var cluster = await StartAsync(canReadNamespace: true);
        await LabelAsync(cluster, ("enforce", "restricted"), ("enforce-version", "v1.31"));

        var result = await RunAsync(cluster, PreflightCluster.Options() with { UseImageVolumes = true, PodTemplate = NonRootTemplate });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
            Assert.That(result.Detail, Does.Contain("enforce=restricted:v1.31").And.Contain("passes restricted"));
        });
    }

    [Test]
    public async Task AWarnLevelThePodBreaksIsAWarningNotAFailure()
    {
        await using var cluster = await StartAsync(canReadNamespace: true);
        await LabelAsync(cluster, ("enforce", "baseline"), ("warn", "restricted"), ("audit", "restricted"));

        var result = await RunAsync(cluster, PreflightCluster.Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Warning));
            Assert.That(result.Detail, Does.Contain("enforce=baseline:latest, warn=restricted:latest, audit=restricted:latest"));
        });
    }

    [Test]
    public async Task WithoutGetOnTheNamespaceTheCheckWarnsAndSaysWhatToGrant()
    {
        await using var cluster = await StartAsync(canReadNamespace: false);

        var result = await RunAsync(cluster, PreflightCluster.Options());

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Warning));
            Assert.That(result.Detail, Does.Contain($"could not read the Pod Security level of namespace {PreflightCluster.Namespace}"));
            Assert.That(result.Fix, Does.Contain($"resourceNames: [\"{PreflightCluster.Namespace}\"]").And.Contain("rbac.readTaskNamespace"));
        });
    }

    [Test]
    public async Task AMissingNamespacePermissionDoesNotFailThePreflight()
    {
        await using var cluster = await StartAsync(canReadNamespace: false);
        using var client = cluster.CreateClient();

        var report = await cluster.Runner(client).RunAsync(CancellationToken.None);

        Assert.That(report.Passed, Is.True, PreflightReportFormatter.Table(report));
    }

    private static Task<PreflightCluster> StartAsync(bool canReadNamespace) => PreflightCluster.StartAsync(readNamespace: canReadNamespace);

    private static async Task<PreflightCheckResult> RunAsync(PreflightCluster cluster, Oz.Operator.Configuration.OperatorOptions options)
    {
        using var client = cluster.CreateClient();
        return await new PodSecurityCheck().RunAsync(cluster.Context(client, options), CancellationToken.None);
    }

    private static Task LabelAsync(PreflightCluster cluster, params (string Mode, string Value)[] labels)
    {
        var map = labels.ToDictionary(l => $"pod-security.kubernetes.io/{l.Mode}", l => l.Value);
        return cluster.Sim.Client.CoreV1.PatchNamespaceAsync(new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels = map } }), V1Patch.PatchType.MergePatch), PreflightCluster.Namespace);
    }
}
