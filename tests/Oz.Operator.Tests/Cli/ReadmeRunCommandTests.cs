using System.Diagnostics;
using Oz.Operator.Tests.Crds;

namespace Oz.Operator.Tests.Cli;

/// <summary>The README's run command (`dotnet run --project src/Oz.Operator -- run --config config/manager/config.yaml`) from the repository root.</summary>
public sealed class ReadmeRunCommandTests
{
    [Test]
    public async Task DotnetRunKeepsTheCallersDirectorySoARelativeConfigPathResolvesFromTheRepositoryRoot()
    {
        // The Web SDK's default run directory is the project directory, where config/manager/config.yaml does not exist.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var arg in new[] { "msbuild", "src/Oz.Operator/Oz.Operator.csproj", "-getProperty:RunWorkingDirectory" })
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
