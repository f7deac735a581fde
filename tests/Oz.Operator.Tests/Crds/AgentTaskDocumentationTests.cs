using System.Reflection;

namespace Oz.Operator.Tests.Crds;

/// <summary>
/// docs/agenttask.md stays a reference of the CRD as generated (config/crd): every spec and status
/// field has a table row, every phase, failure reason and condition type is explained in its
/// section, and every printer column is named.
/// </summary>
public sealed class AgentTaskDocumentationTests
{
    private const string DocumentPath = "docs/agenttask.md";

    /// <summary>Own nested objects whose fields are documented one by one (Kubernetes types such as env are linked instead).</summary>
    private static readonly string[] NestedObjects = ["spec.sidecars[]"];

    private static readonly Lazy<string> Document = new(() => File.ReadAllText(RepositoryPaths.PathOf(DocumentPath)));

    private static readonly Lazy<JsonNode> Crd = new(() =>
        YamlJson.Parse(File.ReadAllText(RepositoryPaths.PathOf(RepositoryPaths.AgentTaskCrd)))
        ?? throw new InvalidOperationException($"{RepositoryPaths.AgentTaskCrd} is empty"));

    private static JsonNode Version => Crd.Value["spec"]!["versions"]![0]!;

    private static JsonNode Schema => Version["schema"]!["openAPIV3Schema"]!;

    private static IEnumerable<TestCaseData> SpecFields() => FieldPaths("spec").Select(path => new TestCaseData(path).SetName($"documents {path}"));

    private static IEnumerable<TestCaseData> StatusFields() => FieldPaths("status").Select(path => new TestCaseData(path).SetName($"documents {path}"));

    private static IEnumerable<TestCaseData> Phases() =>
        EnumOf("phase").Select(phase => new TestCaseData(phase).SetName($"documents phase {phase}"));

    private static IEnumerable<TestCaseData> FailureReasons() =>
        EnumOf("reason").Select(reason => new TestCaseData(reason).SetName($"documents failure reason {reason}"));

    private static IEnumerable<TestCaseData> ConditionTypeNames() =>
        typeof(ConditionTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Select(type => new TestCaseData(type).SetName($"documents condition {type}"));

    private static IEnumerable<TestCaseData> PrinterColumns() =>
        Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => (string)c!["name"]!)
            .Select(name => new TestCaseData(name).SetName($"documents printer column {name}"));

    [TestCaseSource(nameof(SpecFields))]
    public void EverySpecFieldHasARowInTheSpecTable(string path) =>
        Assert.That(TableKeys(Section("## Spec")), Does.Contain(path), $"no row '| `{path}` |' under '## Spec' of {DocumentPath}");

    [TestCaseSource(nameof(StatusFields))]
    public void EveryStatusFieldHasARowInTheStatusTable(string path) =>
        Assert.That(TableKeys(Section("## Status")), Does.Contain(path), $"no row '| `{path}` |' under '## Status' of {DocumentPath}");

    [TestCaseSource(nameof(Phases))]
    public void EveryPhaseHasARowInThePhasesTable(string phase) =>
        Assert.That(TableKeys(Section("### Phases")), Does.Contain(phase), $"no row '| `{phase}` |' under '### Phases' of {DocumentPath}");

    [TestCaseSource(nameof(FailureReasons))]
    public void EveryFailureReasonHasARowInTheFailureReasonsTable(string reason) =>
        Assert.That(TableKeys(Section("### Failure reasons")), Does.Contain(reason), $"no row '| `{reason}` |' under '### Failure reasons' of {DocumentPath}");

    private static IEnumerable<TestCaseData> OzFailureReasons() =>
        Oz.Crds.V1Alpha1.OzFailureReasons.Reference.Select(reason => new TestCaseData(reason).SetName($"documents Oz failure reason {reason}"));

    [TestCaseSource(nameof(OzFailureReasons))]
    public void EveryReferenceFailureReasonIsProducedOrExplainedAsNotApplicable(string reason) =>
        Assert.That(TableKeys(Section("### Oz failure reasons")), Does.Contain(reason), $"no row '| `{reason}` |' under '### Oz failure reasons' of {DocumentPath}");

    [TestCaseSource(nameof(ConditionTypeNames))]
    public void EveryConditionTypeHasARowInTheConditionsTable(string type) =>
        Assert.That(TableKeys(Section("### Conditions")), Does.Contain(type), $"no row '| `{type}` |' under '### Conditions' of {DocumentPath}");

    [TestCaseSource(nameof(PrinterColumns))]
    public void EveryPrinterColumnIsNamed(string column) =>
        Assert.That(Document.Value, Does.Contain(column), $"printer column {column} is not mentioned in {DocumentPath}");

    [Test]
    public void TheFieldListCoversNestedObjectsAndBothTopLevelObjects()
    {
        // Guards the test itself: an unreadable CRD would otherwise make every case source empty.
        Assert.Multiple(() =>
        {
            Assert.That(FieldPaths("spec"), Does.Contain("spec.cancel").And.Contain("spec.sidecars[].mountPath"));
            Assert.That(FieldPaths("status"), Does.Contain("status.phase").And.Contain("status.reportedToOz"));
            Assert.That(EnumOf("reason"), Is.EquivalentTo(Enum.GetNames<FailureReason>()));
            Assert.That(EnumOf("phase"), Is.EquivalentTo(Enum.GetNames<AgentTaskPhase>()));
        });
    }

    [Test]
    public void TheDocumentIsLinkedFromTheReadmeAndTheInstallGuide() =>
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("README.md")), Does.Contain("(docs/agenttask.md)"));
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("docs/install.md")), Does.Contain("(agenttask.md"));
        });

    /// <summary>"spec.x" for every property of spec (or status), plus the properties of <see cref="NestedObjects"/>.</summary>
    private static List<string> FieldPaths(string root)
    {
        var paths = new List<string>();
        foreach (var (name, _) in Schema["properties"]![root]!["properties"]!.AsObject())
        {
            paths.Add($"{root}.{name}");
        }

        foreach (var nested in NestedObjects.Where(n => n.StartsWith(root + ".", StringComparison.Ordinal)))
        {
            var node = Schema["properties"]![root]!;
            foreach (var step in nested[(root.Length + 1)..].Split('.'))
            {
                var isArray = step.EndsWith("[]", StringComparison.Ordinal);
                node = node["properties"]![isArray ? step[..^2] : step]!;
                if (isArray)
                {
                    node = node["items"]!;
                }
            }

            paths.AddRange(node["properties"]!.AsObject().Select(p => $"{nested}.{p.Key}"));
        }

        return paths;
    }

    private static List<string> EnumOf(string statusField) =>
        [.. Schema["properties"]!["status"]!["properties"]![statusField]!["enum"]!.AsArray().Select(v => (string)v!)];

    /// <summary>The document from the heading line to the next heading of the same or a higher level.</summary>
    private static string Section(string heading)
    {
        var lines = Document.Value.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{DocumentPath} has no heading '{heading}'");
        var level = heading.IndexOf(' ', StringComparison.Ordinal);
        var inCode = false;
        var end = lines.Length;
        for (var i = start + 1; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }

            var hashes = lines[i].TakeWhile(c => c == '#').Count();
            if (!inCode && hashes > 0 && hashes <= level && lines[i].Length > hashes && lines[i][hashes] == ' ')
            {
                end = i;
                break;
            }
        }

        return string.Join('\n', lines[start..end]);
    }

    /// <summary>The first cell of every table row whose first cell is one code span: "| `x` |" gives x.</summary>
    private static HashSet<string> TableKeys(string section) =>
        section.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l[3..])
            .Where(l => l.Contains("` |", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf("` |", StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
}
