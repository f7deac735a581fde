namespace Oz.Chart.Tests.Support;

/// <summary>config/crd/oz.warp.dev_agenttasks.yaml, the CRD generated from the C# types.</summary>
internal static class GeneratedCrd
{
    /// <summary>The file's text; fails the test (never skips it) when the file is missing.</summary>
    public static string ReadOrFail()
    {
        Assert.That(File.Exists(RepositoryPaths.GeneratedCrd), Is.True,
            $"{RepositoryPaths.GeneratedCrd} is missing: the CRD generator (issue 2) writes it, and the chart's copy and the raw manifests are checked against it.");
        return File.ReadAllText(RepositoryPaths.GeneratedCrd);
    }
}
