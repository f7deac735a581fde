using System.Collections.Concurrent;

namespace Oz.Testing;

/// <summary>
/// Finds the helm binary of a major version: $OZ_HELM3 / $OZ_HELM4, then .tools/helmN/helm under the
/// repository root, then `helm` on PATH when its version matches.
/// A missing helm fails the test (never skips it): CI installs both.
/// </summary>
public static class HelmLocator
{
    private static readonly ConcurrentDictionary<int, Lazy<string?>> Found = new();

    public static string Find(int major)
    {
        var path = Found.GetOrAdd(major, m => new Lazy<string?>(() => Search(m))).Value;
        if (path is null)
        {
            Assert.Fail(
                $"No Helm {major} binary found. Set OZ_HELM{major} to its path, or run " +
                $"`scripts/install-helm.sh .tools/helm{major} {major}` from the repository root (CI installs it).");
        }

        return path!;
    }

    private static string? Search(int major)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable($"OZ_HELM{major}") is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        candidates.Add(Path.Combine(RepositoryPaths.Root, ".tools", $"helm{major}", "helm"));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "helm")));

        return candidates.FirstOrDefault(candidate => File.Exists(candidate) && IsMajor(candidate, major));
    }

    /// <summary>Runs helm in the repository root, isolated from a user's repositories and plugins.</summary>
    public static ProcessResult Run(string helm, IEnumerable<string> arguments)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "oz-tests-helm");
        var environment = new Dictionary<string, string?>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(scratch, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(scratch, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(scratch, "data"),
        };
        return ProcessRunner.Run(ProcessRunner.StartInfo(helm, arguments, RepositoryPaths.Root, environment));
    }

    private static bool IsMajor(string helm, int major)
    {
        var version = Run(helm, ["version", "--short"]);
        return version.Succeeded && version.StandardOutput.TrimStart().StartsWith($"v{major}.", StringComparison.Ordinal);
    }
}
