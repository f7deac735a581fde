using Oz.Chart.Tests.Support.PodMonitoring;

namespace Oz.Chart.Tests.Support;

/// <summary>Parses manifests with KubernetesClient's strict YAML loader (unknown fields are errors).</summary>
internal static class ManifestLoader
{
    /// <summary>Kinds the client has no model for; everything else uses the client's own models.</summary>
    private static readonly Dictionary<string, Type> ExtraKinds = new()
    {
        ["monitoring.coreos.com/v1/PodMonitor"] = typeof(PodMonitor),
    };

    public static IReadOnlyList<object> LoadStrict(string yaml) =>
        KubernetesYaml.LoadAllFromString(StripEmptyDocuments(yaml), ExtraKinds, strict: true);

    /// <summary>
    /// helm and kustomize may emit documents holding only comments; the loader expects each
    /// document to be an object, so those are dropped here.
    /// </summary>
    private static string StripEmptyDocuments(string yaml)
    {
        var documents = yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n---", StringSplitOptions.None);
        var kept = documents.Where(d => d.Split('\n').Any(line => line.Length > 0 && !line.TrimStart().StartsWith('#') && line.Trim() != "---"));
        return string.Join("\n---\n", kept.Select(d => d.TrimStart('-').Trim('\n')));
    }
}
