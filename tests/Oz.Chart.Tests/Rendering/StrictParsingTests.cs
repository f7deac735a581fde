
namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class StrictParsingTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private static readonly string[] ValuesFiles = ["default", "rich", "no-crds", "reference"];

    [TestCaseSource(nameof(ValuesFiles))]
    public void EveryRenderedObjectParsesWithTheStrictLoader(string valuesFile)
    {
        var result = Helm.Template(HelmMajor, [valuesFile], []);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());

        var objects = ManifestLoader.LoadStrict(result.StandardOutput);

        var documents = result.StandardOutput.Split("\n---").Count(d => d.Contains("\nkind:", StringComparison.Ordinal));
        Assert.That(objects, Has.Count.EqualTo(documents));
        Assert.That(objects, Has.All.InstanceOf<IKubernetesObject>());
    }

    [TestCaseSource(nameof(ValuesFiles))]
    public void ChartLintsCleanlyInStrictMode(string valuesFile)
    {
        var result = Helm.Lint(HelmMajor, valuesFile);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [Test]
    public void TheStrictLoaderRejectsAnUnknownField()
    {
        const string Yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  nmespace: typo\n";

        Assert.That(() => ManifestLoader.LoadStrict(Yaml), Throws.Exception);
    }
}
