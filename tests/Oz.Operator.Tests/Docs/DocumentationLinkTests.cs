namespace Oz.Operator.Tests.Docs;

/// <summary>
/// Every relative link in the repository's Markdown (README, docs/, the chart's README, ...) points
/// at a file that exists, and every #anchor at a heading of that file, so the documentation a user
/// follows never ends in a 404 and never leaves the repository by a relative path.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", ".tools", "TestResults", "node_modules"];

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(RepositoryPaths.Root, "*.md", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(RepositoryPaths.Root, path).Split(Path.DirectorySeparatorChar).Any(SkippedFolders.Contains))
            .Order(StringComparer.Ordinal);

    [Test]
    public void EveryRelativeLinkResolvesToAFileAndHeadingInTheRepository()
    {
        var broken = new List<string>();
        foreach (var file in MarkdownFiles())
        {
            foreach (Match link in Link().Matches(WithoutCodeBlocks(File.ReadAllText(file))))
            {
                var target = link.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var problem = Check(file, target);
                if (problem is not null)
                {
                    broken.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: ({target}) {problem}");
                }
            }
        }

        Assert.That(broken, Is.Empty);
    }

    [TestCase("Done means …", "done-means-")]
    [TestCase("Migrating from oz-agent-worker", "migrating-from-oz-agent-worker")]
    [TestCase("Raw manifests (kustomize)", "raw-manifests-kustomize")]
    [TestCase("`taskPod` and the pod template", "taskpod-and-the-pod-template")]
    public void HeadingsBecomeAnchorsTheWayGitHubMakesThem(string heading, string anchor)
    {
        Assert.That(Anchor(heading), Is.EqualTo(anchor));
    }

    [Test]
    public void TheCheckerFindsAMissingFileAndAMissingHeading()
    {
        var readme = RepositoryPaths.PathOf("README.md");

        Assert.Multiple(() =>
        {
            Assert.That(Check(readme, "docs/no-such-page.md"), Does.Contain("no such file"));
            Assert.That(Check(readme, "docs/install.md#no-such-heading"), Does.Contain("no heading"));
            Assert.That(Check(readme, "docs/install.md"), Is.Null);
        });
    }

    private static string? Check(string from, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = path.Length == 0 ? from : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(from)!, Uri.UnescapeDataString(path)));
        if (!resolved.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal))
        {
            return "leaves the repository";
        }

        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return "no such file";
        }

        if (anchor is null || !resolved.EndsWith(".md", StringComparison.Ordinal))
        {
            return null;
        }

        var anchors = Heading().Matches(WithoutCodeBlocks(File.ReadAllText(resolved))).Select(m => Anchor(m.Groups["text"].Value));
        return anchors.Contains(anchor) ? null : $"no heading for #{anchor}";
    }

    /// <summary>GitHub's rule: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens.</summary>
    private static string Anchor(string heading) =>
        NotAnchorCharacter().Replace(heading.Trim().ToLowerInvariant(), "").Replace(' ', '-');

    private static string WithoutCodeBlocks(string markdown) => CodeBlock().Replace(markdown, "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N} _-]")]
    private static partial Regex NotAnchorCharacter();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
