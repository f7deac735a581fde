using System.Diagnostics;
using Oz.Operator.Tests.Crds;

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
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var arg in new[] { "msbuild", project, "-getProperty:RunWorkingDirectory" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);

        Assert.Multiple(async () =>
        {
            Assert.That(process.ExitCode, Is.Zero, await stderr);
            Assert.That((await stdout).Trim(), Is.Empty, "RunWorkingDirectory must be unset so `dotnet run` keeps the caller's directory");
        });
    }

    [Test]
    public void TheReadmeRunCommandNamesAConfigFileThatExists()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));
        var command = readme.Split('\n').Single(line => line.StartsWith("dotnet run --project src/Oz.Operator -- run --config ", StringComparison.Ordinal));
        var path = command.Split(' ')[7];

        Assert.That(File.Exists(Path.Combine(RepositoryFiles.Root, path)), Is.True, $"README's run command reads {path}");
    }
}
