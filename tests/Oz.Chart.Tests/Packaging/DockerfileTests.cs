using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Oz.Chart.Tests.Packaging;

/// <summary>
/// Docker cannot run here, so the Dockerfile is checked as text: pinned bases, non-root user,
/// only the published app, and a restore step that sees every project the operator needs.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    private static IEnumerable<string> FromLines => Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal));

    [Test]
    public void BuildsWithTheSdkAndRunsOnAnotherPinnedBase()
    {
        var images = FromLines.Select(l => PinnedImage().Match(l)).ToList();

        Assert.That(images, Has.Count.EqualTo(2));
        Assert.That(images, Has.All.Matches<Match>(m => m.Success), "every FROM is pinned by tag and sha256 digest");
        Assert.That(images[0].Groups["image"].Value, Is.EqualTo("mcr.microsoft.com/dotnet/sdk"));
        Assert.That(images[1].Groups["image"].Value, Is.Not.EqualTo("mcr.microsoft.com/dotnet/sdk"));
    }

    [Test]
    public void FinalStageRunsThePublishedAppAsUid10001()
    {
        var final = Lines.SkipWhile(l => l != FromLines.Last()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(final, Does.Contain("USER 10001:10001"));
            Assert.That(final, Does.Contain("ENTRYPOINT [\"/app/oz-operator\"]"));
            // The app, and the time zone database that AgentTaskSchedule's timeZone needs (the
            // chiseled runtime image has none).
            Assert.That(final.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)), Is.EqualTo(new[] { "COPY --from=build /app/ /app/", "COPY --from=build /usr/share/zoneinfo/ /usr/share/zoneinfo/" }));
            Assert.That(final, Has.None.StartsWith("RUN "), "nothing is installed in the runtime image");
        });
    }

    [Test]
    public void RestoreStepCopiesEveryProjectTheOperatorReferences()
    {
        var copied = Lines.Where(l => l.StartsWith("COPY src/", StringComparison.Ordinal) && l.Contains(".csproj", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1])
            .ToHashSet();

        Assert.That(copied, Is.SupersetOf(ProjectClosure("src/Oz.Operator/Oz.Operator.csproj")));
    }

    private static HashSet<string> ProjectClosure(string project)
    {
        var found = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!found.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(current)!;
            foreach (var reference in XDocument.Load(Path.Combine(RepositoryPaths.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, directory, reference.Attribute("Include")!.Value));
                pending.Push(Path.GetRelativePath(RepositoryPaths.Root, full).Replace('\\', '/'));
            }
        }

        return found;
    }

    [GeneratedRegex(@"^FROM (--platform=\S+ )?(?<image>[^:@\s]+):(?<tag>[^@\s]+)@sha256:[0-9a-f]{64}( AS \w+)?$")]
    private static partial Regex PinnedImage();
}
