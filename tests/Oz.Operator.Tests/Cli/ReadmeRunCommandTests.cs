
namespace Oz.Operator.Tests.Cli;

/// <summary>
/// The README's commands run from the repository root with paths relative to it: the operator's
/// `run --config config/manager/config.yaml` and the simulator's `serve --crds config/crd`.
/// </summary>
public sealed class ReadmeRunCommandTests
{
    [TestCase("src/Oz.Operator/Oz.Operator.csproj")]
    [TestCase("tests/Oz.KubeSim/Oz.KubeSim.csproj")]
    public async Task DotnetRunKeepsTheCallersDirectorySoRelativePathsResolveFromTheRepositoryRoot(string project)
    {
        // The Web SDK's default run directory is the project directory, where config/... does not exist.
        var result = await ProcessRunner.RunAsync("dotnet", ["msbuild", project, "-getProperty:RunWorkingDirectory"], RepositoryPaths.Root);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            Assert.That(result.StandardOutput.Trim(), Is.Empty, "RunWorkingDirectory must be unset so `dotnet run` keeps the caller's directory");
        });
    }

    [Test]
    public void TheReadmeRunCommandNamesAConfigFileThatExists()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var command = readme.Split('\n').Single(line => line.StartsWith("dotnet run --project src/Oz.Operator -- run --config ", StringComparison.Ordinal));
        var path = command.Split(' ')[7];

        Assert.That(File.Exists(Path.Combine(RepositoryPaths.Root, path)), Is.True, $"README's run command reads {path}");
    }
}
