using k8s.Models;
using Oz.Chart.Tests.Support;

namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class CrdToggleTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private const string KeepAnnotation = "helm.sh/resource-policy";

    [Test]
    public void CrdIsRenderedByDefault()
    {
        var crd = RenderWith().Single<V1CustomResourceDefinition>();

        Assert.That(crd.Metadata.Name, Is.EqualTo("agenttasks.oz.warp.dev"));
    }

    [Test]
    public void CrdsInstallFalseRendersNoCrd()
    {
        var chart = RenderWith("--set", "crds.install=false");

        Assert.That(chart.All<V1CustomResourceDefinition>(), Is.Empty);
    }

    [Test]
    public void CrdIsKeptOnUninstallByDefault()
    {
        var crd = RenderWith().Single<V1CustomResourceDefinition>();

        Assert.That(crd.Metadata.Annotations, Does.ContainKey(KeepAnnotation).WithValue("keep"));
    }

    [Test]
    public void CrdsKeepFalseLeavesOutTheKeepAnnotation()
    {
        var crd = RenderWith("--set", "crds.keep=false").Single<V1CustomResourceDefinition>();

        Assert.That(crd.Metadata.Annotations ?? new Dictionary<string, string>(), Does.Not.ContainKey(KeepAnnotation));
    }
}
