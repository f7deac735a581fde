using Oz.KubeSim.Cli;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>The documented <c>dotnet run --project tests/Oz.KubeSim -- serve …</c> command (its run directory is checked with the
/// operator's in Oz.Operator.Tests, ReadmeRunCommandTests).</summary>
public sealed class ServeCommandTests
{
    [Test]
    public async Task ServeWithAMissingCrdDirectoryExitsWithUsageErrorInsteadOfCrashing()
    {
        var code = await ServeCommand.RunAsync(["--port", "0", "--crds", Path.Combine(Path.GetTempPath(), "kubesim-no-such-dir-" + Guid.NewGuid().ToString("N"))]);

        Assert.That(code, Is.EqualTo(2));
    }
}
