using Oz.Crds.Generation;

namespace Oz.Operator.Tests.Crds;

public sealed class CrdGoldenFileTests
{
    private const string Regenerate =
        "Regenerate it with: OZ_UPDATE_GOLDEN=1 dotnet test tests/Oz.Operator.Tests --filter FullyQualifiedName~Crds "
        + "(or: dotnet run --project src/Oz.Operator -- crd > " + RepositoryFiles.CrdPath + ").";

    [Test]
    public void CrdFileIsTheGeneratorsOutput()
    {
        var generated = CrdGenerator.GenerateYaml();
        var path = RepositoryFiles.PathOf(RepositoryFiles.CrdPath);
        if (Environment.GetEnvironmentVariable("OZ_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.That(File.Exists(path), Is.True, $"{RepositoryFiles.CrdPath} is missing. {Regenerate}");
        Assert.That(File.ReadAllText(path), Is.EqualTo(generated),
            $"{RepositoryFiles.CrdPath} differs from CrdGenerator's output. {Regenerate}");
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
