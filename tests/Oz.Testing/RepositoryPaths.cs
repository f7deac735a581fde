namespace Oz.Testing;

/// <summary>Files of this repository, found from the test binaries upwards (the folder holding Oz.sln).</summary>
public static class RepositoryPaths
{
    /// <summary>The AgentTask CRD generated from the C# types (relative to the root).</summary>
    public const string AgentTaskCrd = "config/crd/oz.warp.dev_agenttasks.yaml";

    /// <summary>The AgentTaskSchedule CRD generated from the C# types (relative to the root).</summary>
    public const string AgentTaskScheduleCrd = "config/crd/oz.warp.dev_agenttaskschedules.yaml";

    /// <summary>The sample AgentTask the README applies (relative to the root).</summary>
    public const string AgentTaskSample = "config/samples/oz_v1alpha1_agenttask.yaml";

    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The file names of the operator's CRDs, in config/crd and in the chart's files/crds.</summary>
    public static IReadOnlyList<string> CrdFiles { get; } = [Path.GetFileName(AgentTaskCrd), Path.GetFileName(AgentTaskScheduleCrd)];

    /// <summary>Every CRD the operator serves (AgentTask, AgentTaskSchedule), as full paths: it watches both.</summary>
    public static IReadOnlyList<string> CrdManifests => [PathOf(AgentTaskCrd), PathOf(AgentTaskScheduleCrd)];

    /// <summary>A CRD generated from the C# types (the source of truth), by file name.</summary>
    public static string GeneratedCrd(string file) => Path.Combine(Root, "config", "crd", file);

    public static string KustomizeDefault => Path.Combine(Root, "config", "default");

    public static string Chart => Path.Combine(Root, "charts", "oz-operator");

    public static string ChartValues => Path.Combine(Chart, "values.yaml");

    public static string ChartReadme => Path.Combine(Chart, "README.md");

    /// <summary>The chart's copy of a CRD, rendered by templates/crd.yaml.</summary>
    public static string ChartCrdCopy(string file) => Path.Combine(Chart, "files", "crds", file);

    /// <summary>An example values file of the chart (charts/oz-operator/ci/NAME-values.yaml).</summary>
    public static string CiValues(string name) => Path.Combine(Chart, "ci", $"{name}-values.yaml");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Oz.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Oz.sln not found above {AppContext.BaseDirectory}");
    }
}
