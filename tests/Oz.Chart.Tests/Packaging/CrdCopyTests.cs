using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Oz.Chart.Tests.Support;

namespace Oz.Chart.Tests.Packaging;

/// <summary>
/// The chart's CRD is the generated one: files/crds/ holds a byte copy of config/crd (refresh with
/// `cp config/crd/oz.warp.dev_agenttasks.yaml charts/oz-operator/files/crds/`), and what the
/// template renders from it is the same object with only the keep annotation added.
/// </summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class CrdCopyTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    [Test]
    public void ChartCopyIsByteIdenticalToTheGeneratedCrd()
    {
        var generated = GeneratedCrd.ReadOrFail();

        Assert.That(File.ReadAllBytes(RepositoryPaths.ChartCrdCopy), Is.EqualTo(File.ReadAllBytes(RepositoryPaths.GeneratedCrd)),
            "charts/oz-operator/files/crds/oz.warp.dev_agenttasks.yaml differs from config/crd: copy it over.");
        Assert.That(generated, Does.Contain("kind: CustomResourceDefinition"));
    }

    [Test]
    public void RenderedCrdIsTheGeneratedCrdWithOnlyTheKeepAnnotationAdded()
    {
        var generated = (V1CustomResourceDefinition)ManifestLoader.LoadStrict(GeneratedCrd.ReadOrFail()).Single();
        var rendered = RenderWith().Single<V1CustomResourceDefinition>();

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
