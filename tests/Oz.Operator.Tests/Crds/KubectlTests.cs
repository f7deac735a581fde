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
        var (exitCode, output, error) = Kubectl("kustomize", RepositoryPaths.PathOf(directory));

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain(expected));
    }

    private static (int ExitCode, string Output, string Error) Kubectl(params string[] arguments)
    {
        try
        {
            var result = ProcessRunner.Run("kubectl", arguments, timeout: TimeSpan.FromSeconds(60));
            return (result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("kubectl is not installed");
            throw;
        }
    }
}
