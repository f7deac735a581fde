namespace Oz.Operator.K3sTests.Cluster;

/// <summary>Files of the repository the tests use (the CRD manifests), found from the test binaries upwards.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string CrdManifest => Path.Combine(Root, "config", "crd", "oz.warp.dev_agenttasks.yaml");

    /// <summary>Every CRD the operator serves (AgentTask, AgentTaskSchedule): it watches both.</summary>
    public static IReadOnlyList<string> CrdManifests { get; } =
        [CrdManifest, Path.Combine(Root, "config", "crd", "oz.warp.dev_agenttaskschedules.yaml")];

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
