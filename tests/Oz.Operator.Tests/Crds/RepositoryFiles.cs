namespace Oz.Operator.Tests.Crds;

/// <summary>Files of the repository the tests compare against (found by walking up to Oz.sln).</summary>
internal static class RepositoryFiles
{
    public const string CrdPath = "config/crd/oz.warp.dev_agenttasks.yaml";
    public const string SamplePath = "config/samples/oz_v1alpha1_agenttask.yaml";

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Oz.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Oz.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
