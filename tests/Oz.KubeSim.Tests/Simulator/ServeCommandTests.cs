using System.Diagnostics;
using Oz.KubeSim.Cli;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>The documented <c>dotnet run --project tests/Oz.KubeSim -- serve …</c> command, run from the repository root.</summary>
public sealed class ServeCommandTests
{
    [Test]
    public async Task DotnetRunStartsTheSimulatorInTheCallersDirectory()
    {
        // The Web SDK's default would be the project directory, breaking `--crds config/crd` from the repository root.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var arg in new[] { "msbuild", "tests/Oz.KubeSim/Oz.KubeSim.csproj", "-getProperty:RunWorkingDirectory" })
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
            Assert.That((await stdout).Trim(), Is.Empty);
        });
    }

    [Test]
    public async Task ServeWithAMissingCrdDirectoryExitsWithUsageErrorInsteadOfCrashing()
    {
        var code = await ServeCommand.RunAsync(["--port", "0", "--crds", Path.Combine(Path.GetTempPath(), "kubesim-no-such-dir-" + Guid.NewGuid().ToString("N"))]);

        Assert.That(code, Is.EqualTo(2));
    }
}
