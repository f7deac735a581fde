namespace Oz.Operator.Tests.Configuration;

/// <summary>docs/configuration.md stays true to the code: every key is documented and the full example is valid.</summary>
public sealed partial class ConfigurationDocumentationTests
{
    private static readonly Lazy<string> Document = new(() => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md")));

    private static IEnumerable<TestCaseData> Keys() => ConfigKeys.All.Select(key => new TestCaseData(key).SetName($"documents {key.Path}"));

    [TestCaseSource(nameof(Keys))]
    public void EveryKeyIsDocumentedWithItsVariableAndFlag(ConfigKey key)
    {
        var row = Document.Value.Split('\n').FirstOrDefault(line => line.StartsWith($"| `{key.Path}` |", StringComparison.Ordinal));

        Assert.That(row, Is.Not.Null, $"no table row for {key.Path}");
        if (key.Flag is not null)
        {
            Assert.That(row, Does.Contain($"`{key.EnvironmentVariable}`").And.Contain($"`{key.Flag}"));
        }
    }

    [Test]
    public void FullExampleIsAValidConfiguration()
    {
        var example = ExampleBlock().Match(Document.Value[Document.Value.IndexOf("## Full example", StringComparison.Ordinal)..]);
        Assert.That(example.Success, Is.True, "no yaml block under 'Full example'");
        using var directory = new TempDirectory();

        var result = ConfigurationLoader.Load(directory.Write("config.yaml", example.Groups[1].Value), new Dictionary<string, string>(), ParsedFlags.Empty);

        Assert.That(result.Errors.Select(e => e.ToString()), Is.Empty);
        Assert.That(result.Options!.PodTemplate!.Containers.Single().Name, Is.EqualTo("task"));
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
