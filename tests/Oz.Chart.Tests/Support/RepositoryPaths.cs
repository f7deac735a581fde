namespace Oz.Chart.Tests.Support;

/// <summary>Paths of the files under test, found from the repository root (the folder holding Oz.sln).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Chart => Path.Combine(Root, "charts", "oz-operator");

    public static string ChartValues => Path.Combine(Chart, "values.yaml");

    public static string ChartReadme => Path.Combine(Chart, "README.md");

    /// <summary>The file names of the operator's CRDs, in config/crd and in the chart's files/crds.</summary>
    public static IReadOnlyList<string> CrdFiles { get; } = ["oz.warp.dev_agenttasks.yaml", "oz.warp.dev_agenttaskschedules.yaml"];

    /// <summary>The chart's copy of a CRD, rendered by templates/crd.yaml.</summary>
    public static string ChartCrdCopy(string file) => Path.Combine(Chart, "files", "crds", file);

    /// <summary>A CRD generated from the C# types (the source of truth).</summary>
    public static string GeneratedCrd(string file) => Path.Combine(Root, "config", "crd", file);

    public static string KustomizeDefault => Path.Combine(Root, "config", "default");

    /// <summary>An example values file of the chart (charts/oz-operator/ci/NAME-values.yaml).</summary>
    public static string CiValues(string name) => Path.Combine(Chart, "ci", $"{name}-values.yaml");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oz.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Oz.sln above {AppContext.BaseDirectory}.");
    }
}
