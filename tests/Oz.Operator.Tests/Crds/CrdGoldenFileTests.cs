using Oz.Crds.Generation;

namespace Oz.Operator.Tests.Crds;

public sealed class CrdGoldenFileTests
{
    private const string Regenerate =
        "Regenerate it with: OZ_UPDATE_GOLDEN=1 dotnet test tests/Oz.Operator.Tests --filter FullyQualifiedName~Crds "
        + "then copy config/crd/*.yaml to charts/oz-operator/files/crds/.";

    public static IEnumerable<Type> ResourceTypes() => CrdGenerator.ResourceTypes;

    [TestCaseSource(nameof(ResourceTypes))]
    public void CrdFileIsTheGeneratorsOutput(Type resourceType)
    {
        var generated = CrdGenerator.GenerateYaml(resourceType);
        var relative = "config/crd/" + CrdGenerator.FileName(resourceType);
        var path = RepositoryPaths.PathOf(relative);
        if (Environment.GetEnvironmentVariable("OZ_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.That(File.Exists(path), Is.True, $"{relative} is missing. {Regenerate}");
        Assert.That(File.ReadAllText(path), Is.EqualTo(generated),
            $"{relative} differs from CrdGenerator's output. {Regenerate}");
    }

    [Test]
    public void TheCrdKustomizationListsEveryCrd()
    {
        var kustomization = File.ReadAllText(RepositoryPaths.PathOf("config/crd/kustomization.yaml"));

        Assert.That(kustomization, Does.Contain("- oz.warp.dev_agenttasks.yaml").And.Contain("- oz.warp.dev_agenttaskschedules.yaml"));
    }

    [Test]
    public void YamlIsDeterministicWithLfLineEndsAndOneTrailingNewline()
    {
        var first = CrdGenerator.GenerateYaml();
        var second = CrdGenerator.GenerateYaml();

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first, Does.Not.Contain("\r"));
            Assert.That(first, Does.EndWith("\n").And.Not.EndWith("\n\n"));
        });
    }

    [Test]
    public void YamlOmitsNullFields()
    {
        Assert.That(CrdGenerator.GenerateYaml(), Does.Not.Match(@":\s*(null|~)\s*$").And.Not.Contain(": null"));
    }
}
