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

    /// <summary>The generated AgentTask CRD (config/crd, next to a kustomization the simulator does not serve).</summary>
    public static string AgentTaskCrd() => Path.Combine(Root(), "config", "crd", "oz.warp.dev_agenttasks.yaml");
}
