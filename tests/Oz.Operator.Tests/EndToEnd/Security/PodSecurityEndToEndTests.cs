using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.EndToEnd.Security;

/// <summary>
/// The task namespace enforcing Pod Security <c>restricted</c>, on the simulator with RBAC enforced
/// and the raw install: the configuration docs/security.md names passes it, the one that needs
/// <c>baseline</c> ends the task Failed with the admission's words instead of leaving it Starting.
/// </summary>
[CancelAfter(60_000)]
public sealed class PodSecurityEndToEndTests
{
    private static readonly AgentTaskSidecar ToolsSidecar = new() { Image = "ghcr.io/example/tools:1", MountPath = "/opt/tools" };

    [Test]
    public async Task AnImageVolumeTaskWithANonRootPodTemplatePassesRestricted()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false, configure: o => o with
        {
            UseImageVolumes = true,
            PodTemplate = new V1PodSpec { SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000 } },
        });
        await cluster.EnforcePodSecurityAsync("restricted");

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("restricted-ok", null, s => s.Sidecars = [ToolsSidecar]));
        var task = await cluster.WaitForTaskAsync("restricted-ok", t => t.Status?.Phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed, "the task to finish");

        Assert.That(task.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded), task.Status.Message);
    }

    [Test]
    public async Task ACopiedSidecarIsRefusedByRestrictedAndFailsTheTaskWithPodSecurity()
    {
        // The operator reads the Job's Events (FailedCreate) once the Job is older than a grace: the
        // simulator's clock runs at the operator's pace so that age is real.
        await using var cluster = await SecureCluster.StartAsync(policy: false, clockSpeed: 1, configure: o => o with
        {
            PodTemplate = new V1PodSpec { SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000 } },
        });
        await cluster.EnforcePodSecurityAsync("restricted");

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("restricted-copy", null, s => s.Sidecars = [ToolsSidecar]));
        var task = await cluster.WaitForTaskAsync("restricted-copy", t => t.Status?.Phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed, "the task to finish");
        var events = await cluster.EventsAboutAsync("restricted-copy");

        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.PodSecurity));
            Assert.That(task.Status.Message, Does.Contain("violates PodSecurity \"restricted:latest\"")
                .And.Contain("runAsNonRoot != true (container \"copy-sidecar-0\" must not set securityContext.runAsNonRoot=false)"));
            Assert.That(events.Select(e => (e.Type, e.Reason)), Does.Contain(("Warning", "PodSecurity")));
        });
    }

    [Test]
    public async Task ThePreflightReadsTheEnforcedLevelWithTheRawInstallsRbac()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false);
        await cluster.EnforcePodSecurityAsync("restricted");
        using var operatorClient = cluster.Sim.CreateClient(SecureCluster.OperatorUser);
        var options = new OperatorOptions { WorkerId = "e2e-secure", Namespace = SecureCluster.Namespace, PreflightImage = "busybox:1.36" };

        var result = await new PodSecurityCheck().RunAsync(new PreflightContext(operatorClient, options, new PreflightSettings(), "e2e", NullLogger.Instance), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed), result.Detail);
            Assert.That(result.Detail, Does.Contain("enforce=restricted:latest"));
        });
    }
}
