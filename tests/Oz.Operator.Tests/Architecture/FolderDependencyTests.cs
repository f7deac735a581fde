namespace Oz.Operator.Tests.Architecture;

/// <summary>
/// The operator's top-level folders depend on each other only as docs/architecture.md draws it:
/// one way, no cycles. A source scan of the <c>using</c> directives and qualified names in
/// src/Oz.Operator; a new edge means updating the table here and the document together.
/// </summary>
public sealed partial class FolderDependencyTests
{
    /// <summary>Folder → the folders (by namespace segment, which is the folder's name) it may use.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Configuration"] = ["Kubernetes"],
        ["Kubernetes"] = [],
        ["Health"] = ["Configuration", "Kubernetes"],
        ["Telemetry"] = ["Configuration", "Health", "Kubernetes"],
        ["Tasks"] = ["Configuration", "Kubernetes", "Telemetry"],
        ["Schedules"] = ["Configuration", "Kubernetes", "Tasks"],
        ["Preflight"] = ["Configuration", "Kubernetes", "Tasks"],
        ["OzWorker"] = ["Configuration", "Kubernetes", "Tasks", "Telemetry"],
        ["Hosting"] = ["Configuration", "Health", "Kubernetes", "OzWorker", "Preflight", "Schedules", "Tasks", "Telemetry"],
        ["Cli"] = ["Configuration", "Hosting", "Kubernetes", "Preflight", "Tasks", "Telemetry"],
    };

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

            foreach (var file in Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (var target in UsedFolders(File.ReadAllText(file)))
                {
                    if (target != folder && !allowed.Contains(target))
                    {
                        violations.Add($"{Path.GetRelativePath(SourceRoot, file)} uses Oz.Operator.{target}");
                    }
                }
            }
        }

        Assert.That(violations.Distinct(), Is.Empty);
    }

    [Test]
    public void ANameQualifiedOnlyByItsFolderCountsAsAUseOfThatFolder()
    {
        const string source = "namespace Oz.Operator.Configuration;\nclass C { object M() => Health.HealthServer.Default; }";

        Assert.That(UsedFolders(source).Where(f => f != "Configuration"), Is.EquivalentTo(new[] { "Health" }));
    }

    [Test]
    public void AMemberAccessThatOnlyLooksLikeAFolderIsNotAUse()
    {
        const string source = "namespace Oz.Operator.Hosting;\nclass C { object M(Builder b) => b.Configuration.Tasks; System.Threading.Tasks.Task T() => null!; }";

        Assert.That(UsedFolders(source).Where(f => f != "Hosting"), Is.Empty);
    }

    /// <summary>
    /// The operator's folders a source file names: fully (<c>Oz.Operator.Health</c>, in a using or a
    /// qualified name) or, since code inside <c>Oz.Operator.*</c> may qualify a name by its folder
    /// alone, as <c>Health.HealthServer</c> where that folder really declares such a type or
    /// namespace (so that <c>Tasks.</c> in <c>System.Threading.Tasks.Task</c> or a property called
    /// <c>Configuration</c> does not count).
    /// </summary>
    private static IEnumerable<string> UsedFolders(string source)
    {
        foreach (Match used in OperatorNamespace().Matches(source))
        {
            yield return used.Groups["folder"].Value;
        }

        foreach (Match used in FolderQualifiedName().Matches(source))
        {
            var folder = used.Groups["folder"].Value;
            if (OperatorNames.Value.Contains($"Oz.Operator.{folder}.{used.Groups["name"].Value}"))
            {
                yield return folder;
            }
        }
    }

    /// <summary>Every type and namespace of the operator assembly by full name, nested namespaces included.</summary>
    private static readonly Lazy<HashSet<string>> OperatorNames = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in typeof(Oz.Operator.Configuration.OperatorOptions).Assembly.GetTypes())
        {
            var ns = type.Namespace ?? "";
            names.Add($"{ns}.{type.Name.Split('`')[0]}");
            for (var dot = ns.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = ns.IndexOf('.', dot + 1))
            {
                names.Add(ns[..dot]);
            }

            names.Add(ns);
        }

        return names;
    });

    [Test]
    public void EveryFilesNamespaceIsItsFolder()
    {
        var mismatches = new List<string>();
        foreach (var file in Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(SourceRoot, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var folder = Path.GetDirectoryName(relative) ?? "";
            var expected = folder.Length == 0 ? "Oz.Operator" : "Oz.Operator." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = FileScopedNamespace().Match(File.ReadAllText(file)).Groups["name"].Value;
            if (declared != expected)
            {
                mismatches.Add($"{relative} declares namespace {declared}, its folder says {expected}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void TheAllowedDependenciesHaveNoCycle()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);

        bool Cyclic(string folder, HashSet<string> path)
        {
            if (!path.Add(folder))
            {
                return true;
            }

            var cyclic = !done.Contains(folder) && Allowed[folder].Any(n => Cyclic(n, path));
            path.Remove(folder);
            done.Add(folder);
            return cyclic;
        }

        Assert.That(Allowed.Keys.Where(f => Cyclic(f, new HashSet<string>(StringComparer.Ordinal))), Is.Empty);
    }

    [GeneratedRegex(@"\bOz\.Operator\.(?<folder>[A-Za-z]+)\b")]
    private static partial Regex OperatorNamespace();

    [GeneratedRegex(@"(?<![.\w])(?<folder>[A-Z][A-Za-z]+)\.(?<name>[A-Z]\w*)")]
    private static partial Regex FolderQualifiedName();

    [GeneratedRegex(@"^namespace (?<name>[A-Za-z.]+);", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}
