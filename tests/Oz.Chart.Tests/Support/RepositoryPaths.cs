namespace Oz.Chart.Tests.Support;

/// <summary>Paths of the files under test, found from the repository root (the folder holding Oz.sln).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Chart => Path.Combine(Root, "charts", "oz-operator");

    public static string ChartValues => Path.Combine(Chart, "values.yaml");

    public static string ChartReadme => Path.Combine(Chart, "README.md");

    /// <summary>The chart's copy of the CRD, rendered by templates/crd.yaml.</summary>
    public static string ChartCrdCopy => Path.Combine(Chart, "files", "crds", "oz.warp.dev_agenttasks.yaml");

    /// <summary>The CRD generated from the C# types (the source of truth).</summary>
    public static string GeneratedCrd => Path.Combine(Root, "config", "crd", "oz.warp.dev_agenttasks.yaml");

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
