using System.Text.RegularExpressions;

namespace Oz.Operator.Tests.Architecture;

/// <summary>
/// The operator's top-level folders depend on each other only as docs/architecture.md draws it:
/// one way, no cycles. A source scan of the <c>using</c> directives and qualified names in
/// src/Oz.Operator; a new edge means updating the table here and the document together.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Folder → the folders (by namespace segment) it may use. The Oz/ folder's namespace is OzWorker.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Configuration"] = [],
        ["Kubernetes"] = [],
        ["Hosting"] = ["Kubernetes"],
        ["Telemetry"] = ["Configuration", "Hosting", "Kubernetes"],
        ["Tasks"] = ["Configuration", "Kubernetes", "Telemetry"],
        ["Schedules"] = ["Configuration", "Kubernetes", "Tasks"],
        ["Preflight"] = ["Configuration", "Tasks"],
        ["Oz"] = ["Configuration", "Kubernetes", "Tasks", "Telemetry"],
        ["Cli"] = ["Configuration", "Hosting", "Kubernetes", "OzWorker", "Preflight", "Schedules", "Tasks", "Telemetry"],
    };

    private static readonly Dictionary<string, string> NamespaceOfFolder = new(StringComparer.Ordinal) { ["Oz"] = "OzWorker" };

    private static string SourceRoot => Path.Combine(RepositoryPaths.Root, "src", "Oz.Operator");

    private static IEnumerable<string> Folders() =>
        Directory.EnumerateDirectories(SourceRoot).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj")).Order(StringComparer.Ordinal);

    [Test]
    public void EveryTopLevelFolderUsesOnlyTheFoldersItIsAllowedTo()
    {
        var violations = new List<string>();
        foreach (var folder in Folders())
        {
            if (!Allowed.TryGetValue(folder, out var allowed))
            {
                violations.Add($"{folder}/ is not in the allowed dependency table (add it here and to docs/architecture.md)");
                continue;
            }

            var own = NamespaceOfFolder.GetValueOrDefault(folder, folder);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match used in OperatorNamespace().Matches(File.ReadAllText(file)))
                {
                    var target = used.Groups["folder"].Value;
                    if (target != own && !allowed.Contains(target))
                    {
                        violations.Add($"{Path.GetRelativePath(SourceRoot, file)} uses Oz.Operator.{target}");
                    }
                }
            }
        }

        Assert.That(violations.Distinct(), Is.Empty);
    }

    [Test]
    public void TheAllowedDependenciesHaveNoCycle()
    {
        var folderOfNamespace = Allowed.Keys.ToDictionary(f => NamespaceOfFolder.GetValueOrDefault(f, f), f => f, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);

        bool Cyclic(string folder, HashSet<string> path)
        {
            if (!path.Add(folder))
            {
                return true;
            }

            var cyclic = !done.Contains(folder) && Allowed[folder].Any(n => Cyclic(folderOfNamespace[n], path));
            path.Remove(folder);
            done.Add(folder);
            return cyclic;
        }

        Assert.That(Allowed.Keys.Where(f => Cyclic(f, new HashSet<string>(StringComparer.Ordinal))), Is.Empty);
    }

    [GeneratedRegex(@"\bOz\.Operator\.(?<folder>[A-Za-z]+)\b")]
    private static partial Regex OperatorNamespace();
}
