using System.Text.Json.Nodes;

namespace Oz.Chart.Tests.Packaging;

/// <summary>
/// The chart's CRDs are the generated ones: files/crds/ holds byte copies of config/crd (refresh with
/// `cp config/crd/*.yaml charts/oz-operator/files/crds/`, leaving out kustomization.yaml), and what the
/// template renders from them are the same objects with only the keep annotation added.
/// </summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class CrdCopyTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    public static IEnumerable<string> CrdFiles() => RepositoryPaths.CrdFiles;

    [TestCaseSource(nameof(CrdFiles))]
    public void ChartCopyIsByteIdenticalToTheGeneratedCrd(string file)
    {
        var generated = GeneratedCrd.ReadOrFail(file);

        Assert.That(File.ReadAllBytes(RepositoryPaths.ChartCrdCopy(file)), Is.EqualTo(File.ReadAllBytes(RepositoryPaths.GeneratedCrd(file))),
            $"charts/oz-operator/files/crds/{file} differs from config/crd: copy it over.");
        Assert.That(generated, Does.Contain("kind: CustomResourceDefinition"));
    }

    [Test]
    public void TheChartHoldsNoOtherCrdFile()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Chart, "files", "crds")).Select(Path.GetFileName);

        Assert.That(files, Is.EquivalentTo(RepositoryPaths.CrdFiles));
    }

    [TestCaseSource(nameof(CrdFiles))]
    public void RenderedCrdIsTheGeneratedCrdWithOnlyTheKeepAnnotationAdded(string file)
    {
        var generated = (V1CustomResourceDefinition)ManifestLoader.LoadStrict(GeneratedCrd.ReadOrFail(file)).Single();
        var rendered = RenderWith().All<V1CustomResourceDefinition>().Single(crd => crd.Metadata.Name == generated.Metadata.Name);

        var annotations = rendered.Metadata.Annotations;
        Assert.That(annotations.Remove("helm.sh/resource-policy"), Is.True, "keep annotation");
        if (annotations.Count == 0 && generated.Metadata.Annotations is null)
        {
            rendered.Metadata.Annotations = null;
        }

        var expected = JsonNode.Parse(KubernetesJson.Serialize(generated));
        var actual = JsonNode.Parse(KubernetesJson.Serialize(rendered));
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True,
            $"rendered CRD differs from config/crd\n--- expected ---\n{expected}\n--- rendered ---\n{actual}");
    }
}
