namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class CrdToggleTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private const string KeepAnnotation = "helm.sh/resource-policy";

    [Test]
    public void BothCrdsAreRenderedByDefault()
    {
        var crds = RenderWith().All<V1CustomResourceDefinition>();

        Assert.That(crds.Select(crd => crd.Metadata.Name), Is.EquivalentTo(new[] { "agenttasks.oz.warp.dev", "agenttaskschedules.oz.warp.dev" }));
    }

    [Test]
    public void CrdsInstallFalseRendersNoCrd()
    {
        var chart = RenderWith("--set", "crds.install=false");

        Assert.That(chart.All<V1CustomResourceDefinition>(), Is.Empty);
    }

    [Test]
    public void CrdsAreKeptOnUninstallByDefault()
    {
        var crds = RenderWith().All<V1CustomResourceDefinition>().ToList();

        Assert.That(crds, Has.Count.EqualTo(2));
        Assert.That(crds.Select(crd => crd.Metadata.Annotations), Has.All.ContainKey(KeepAnnotation).WithValue("keep"));
    }

    [Test]
    public void CrdsKeepFalseLeavesOutTheKeepAnnotation()
    {
        var crds = RenderWith("--set", "crds.keep=false").All<V1CustomResourceDefinition>().ToList();

        Assert.That(crds, Has.Count.EqualTo(2));
        Assert.That(crds.Select(crd => crd.Metadata.Annotations ?? new Dictionary<string, string>()), Has.None.ContainKey(KeepAnnotation));
    }
}
