namespace Oz.Chart.Tests.Support;

/// <summary>Runs kubectl (on PATH, else next to helm 3 in .tools/helm3 from install-helm).</summary>
internal static class Kubectl
{
    private static readonly Lazy<string?> Binary = new(Search);

    public static ProcessResult Run(params string[] arguments)
    {
        if (Binary.Value is null)
        {
            Assert.Fail("No kubectl found on PATH or in .tools/helm3 (run scripts/install-helm.sh .tools/helm3 3).");
        }

        return ProcessRunner.Run(Binary.Value!, arguments, RepositoryPaths.Root);
    }

    private static string? Search() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .Append(Path.Combine(RepositoryPaths.Root, ".tools", "helm3", "kubectl"))
            .FirstOrDefault(File.Exists);
}
