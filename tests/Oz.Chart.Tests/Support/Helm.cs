using System.Collections.Concurrent;

namespace Oz.Chart.Tests.Support;

/// <summary>Runs `helm template` / `helm lint` on charts/oz-operator with one Helm major version.</summary>
internal static class Helm
{
    public const string ReleaseName = "oz";
    public const string ReleaseNamespace = "oz-system";

    private static readonly ConcurrentDictionary<string, ProcessResult> Cache = new();

    /// <summary>
    /// `helm template oz charts/oz-operator -n oz-system` with the given values files (names of
    /// charts/oz-operator/ci/NAME-values.yaml) and --set / --set-string arguments. Cached: the chart
    /// does not change while the tests run.
    /// </summary>
    public static ProcessResult Template(int major, IEnumerable<string> valuesFiles, IEnumerable<string> extraArguments)
    {
        var arguments = new List<string> { "template", ReleaseName, RepositoryPaths.Chart, "--namespace", ReleaseNamespace };
        foreach (var name in valuesFiles)
        {
            arguments.Add("--values");
            arguments.Add(RepositoryPaths.CiValues(name));
        }

        arguments.AddRange(extraArguments);
        return Run(major, arguments);
    }

    public static ProcessResult Lint(int major, string valuesFile) =>
        Run(major, ["lint", RepositoryPaths.Chart, "--strict", "--values", RepositoryPaths.CiValues(valuesFile)]);

    private static ProcessResult Run(int major, List<string> arguments)
    {
        var helm = HelmLocator.Find(major);
        var key = $"{major}\0{string.Join('\0', arguments)}";
        return Cache.GetOrAdd(key, _ => HelmLocator.Run(helm, arguments));
    }
}
