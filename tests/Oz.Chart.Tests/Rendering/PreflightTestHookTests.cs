namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class PreflightTestHookTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    [Test]
    public void HelmTestRunsPreflightWithTheOperatorsAccountAndConfig()
    {
        var chart = RenderWith();
        var pod = chart.TestPod;
        var container = pod.Spec.Containers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(pod.Metadata.Annotations, Does.ContainKey("helm.sh/hook").WithValue("test"));
            Assert.That(pod.Spec.RestartPolicy, Is.EqualTo("Never"));
            Assert.That(container.Args, Is.EqualTo(new[] { "preflight", "--config", "/etc/oz-operator/config.yaml" }));
            Assert.That(container.Image, Is.EqualTo(chart.Deployment.Spec.Template.Spec.Containers.Single().Image));
            Assert.That(pod.Spec.ServiceAccountName, Is.EqualTo(chart.Deployment.Spec.Template.Spec.ServiceAccountName));
            Assert.That(pod.Spec.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name, Is.EqualTo(chart.ConfigMap.Metadata.Name));
        });
    }

    [Test]
    public void TheTestPodIsReplacedOnEachRunAndRemovedWhenItPasses()
    {
        var annotations = RenderWith().TestPod.Metadata.Annotations;

        Assert.That(annotations["helm.sh/hook-delete-policy"].Split(','), Is.EquivalentTo(new[] { "before-hook-creation", "hook-succeeded" }));
    }

    [Test]
    public void TestsEnabledFalseRendersNoTestPod()
    {
        Assert.That(RenderWith("--set", "tests.enabled=false").Kinds, Does.Not.Contain("Pod"));
    }
}
