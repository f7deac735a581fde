namespace Oz.Chart.Tests.Packaging;

public sealed class ValuesDocumentationTests
{
    private static string ValuesYaml => File.ReadAllText(RepositoryPaths.ChartValues);

    [Test]
    public void EveryValueInValuesYamlIsDocumented()
    {
        Assert.That(ValuesDocumentation.Problems(ValuesYaml), Is.Empty);
    }

    [Test]
    public void ReadmeTableListsExactlyTheDocumentedValuesInOrder()
    {
        var documented = ValuesDocumentation.DocumentedValues(ValuesYaml);
        var table = ValuesDocumentation.ReadmeTableKeys(File.ReadAllText(RepositoryPaths.ChartReadme));

        Assert.That(table, Is.EqualTo(documented),
            "charts/oz-operator/README.md's values table must list every documented value of values.yaml, in the same order. " +
            $"Missing: [{string.Join(", ", documented.Except(table))}]; unknown: [{string.Join(", ", table.Except(documented))}].");
    }

    [Test]
    public void TheCheckerFindsAnUndocumentedValue()
    {
        const string Values = "# -- documented\na: 1\n# A group.\ngroup:\n  # -- documented child\n  b: 2\n  c: 3\n";

        Assert.That(ValuesDocumentation.Problems(Values), Is.EqualTo(new[] { "group.c: value without a '# --' comment" }));
        Assert.That(ValuesDocumentation.DocumentedValues(Values), Is.EqualTo(new[] { "a", "group.b" }));
    }
}
