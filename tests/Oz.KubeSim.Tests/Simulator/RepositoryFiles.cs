namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Files of this repository (config/crd, config/samples), found by walking up to Oz.sln.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Oz.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Oz.sln not found above the test directory");
    }
}
