namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class PodSecurityTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private static readonly string[] Pods = ["operator", "preflight-test"];

    private static V1PodSpec Select(string pod, RenderedChart chart) =>
        pod == "operator" ? chart.Deployment.Spec.Template.Spec : chart.TestPod.Spec;

    [TestCaseSource(nameof(Pods))]
    public void PodPassesPodSecurityRestricted(string pod)
    {
        foreach (var chart in new[] { RenderWith(), RenderRich() })
        {
            Assert.That(RestrictedPodSecurity.Violations(Select(pod, chart)), Is.Empty, pod);
        }
    }

    [TestCaseSource(nameof(Pods))]
    public void ContainerRunsAsUid10001WithAReadOnlyRootAndNoCapabilities(string pod)
    {
        var spec = Select(pod, RenderWith());
        var context = spec.Containers.Single().SecurityContext;

        Assert.Multiple(() =>
        {
            Assert.That(spec.SecurityContext.RunAsNonRoot, Is.True, pod);
            Assert.That(spec.SecurityContext.RunAsUser, Is.EqualTo(10001), pod);
            Assert.That(spec.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"), pod);
            Assert.That(context.RunAsNonRoot, Is.True, pod);
            Assert.That(context.RunAsUser, Is.EqualTo(10001), pod);
            Assert.That(context.ReadOnlyRootFilesystem, Is.True, pod);
            Assert.That(context.AllowPrivilegeEscalation, Is.False, pod);
            Assert.That(context.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }), pod);
            Assert.That(context.Capabilities.Add, Is.Null.Or.Empty, pod);
            Assert.That(context.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"), pod);
        });
    }

    [TestCaseSource(nameof(Pods))]
    public void TmpIsAWritableEmptyDirBecauseTheRootFilesystemIsReadOnly(string pod)
    {
        var spec = Select(pod, RenderWith());
        var mount = spec.Containers.Single().VolumeMounts.Single(m => m.MountPath == "/tmp");

        Assert.That(spec.Volumes.Single(v => v.Name == mount.Name).EmptyDir, Is.Not.Null, pod);
        Assert.That(mount.ReadOnlyProperty, Is.Not.True, pod);
    }
}
