using System.Diagnostics;

namespace Oz.Operator.Tests.Crds;

/// <summary>
/// kubectl reads the manifests. Client-side dry-run needs an API server for its REST mapping, so
/// the offline check is `kubectl kustomize`, which parses every document of the kustomization.
/// </summary>
public sealed class KubectlTests
{
    [TestCase("config/crd", "name: agenttasks.oz.warp.dev")]
    [TestCase("config/samples", "kind: AgentTask")]
    public void KubectlKustomizeReadsTheManifests(string directory, string expected)
    {
        var (exitCode, output, error) = Kubectl("kustomize", RepositoryFiles.PathOf(directory));

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain(expected));
    }

    private static (int ExitCode, string Output, string Error) Kubectl(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("kubectl is not installed");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("kubectl did not finish within 60 s");
            }

            return (process.ExitCode, output.Result, error.Result);
        }
    }
}
