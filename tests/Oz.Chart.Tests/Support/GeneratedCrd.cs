namespace Oz.Chart.Tests.Support;

/// <summary>The CRDs in config/crd (oz.warp.dev_agenttasks.yaml, oz.warp.dev_agenttaskschedules.yaml), generated from the C# types.</summary>
internal static class GeneratedCrd
{
    /// <summary>A CRD file's text; fails the test (never skips it) when the file is missing.</summary>
    public static string ReadOrFail(string file)
    {
        var path = RepositoryPaths.GeneratedCrd(file);
        Assert.That(File.Exists(path), Is.True,
            $"{path} is missing: the CRD generator writes it, and the chart's copy and the raw manifests are checked against it.");
        return File.ReadAllText(path);
    }

    /// <summary>Every generated CRD, in the order of <see cref="RepositoryPaths.CrdFiles"/>.</summary>
    public static IReadOnlyList<k8s.Models.V1CustomResourceDefinition> LoadAllOrFail() =>
        [.. RepositoryPaths.CrdFiles.Select(file => (k8s.Models.V1CustomResourceDefinition)ManifestLoader.LoadStrict(ReadOrFail(file)).Single())];
}
