namespace Oz.Bench.Harness;

/// <summary>Finds files of the repository (the CRDs) from wherever the bench or a test runs.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding Oz.sln, searched upwards from the working directory, then from the binaries.</summary>
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Oz.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Oz.sln not found above the working directory or the bench binaries");
    }

    /// <summary>The operator's CRDs (config/crd/oz.warp.dev_*.yaml: AgentTask and AgentTaskSchedule).</summary>
    public static IReadOnlyList<string> Crds() =>
        Directory.GetFiles(Path.Combine(Root(), "config", "crd"), "oz.warp.dev_*.yaml").Order(StringComparer.Ordinal).ToList();
}
