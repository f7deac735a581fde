using System.Reflection;
using System.Xml.Linq;

namespace Oz.Crds.Schema;

/// <summary>
/// Summaries of KubernetesClient's model types and properties (the upstream Go field docs), taken
/// at build time from the KubernetesClient.xml of the NuGet package and embedded in this assembly.
/// </summary>
internal static class KubernetesModelDocs
{
    private const string ResourceName = "Oz.Crds.KubernetesModelDocs.xml";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Summaries = new(Load);

    /// <summary>The summary of a model property, or null when KubernetesClient documents none.</summary>
    public static string? For(PropertyInfo property) =>
        property.DeclaringType is { FullName: { } typeName } ? Find($"P:{typeName}.{property.Name}") : null;

    /// <summary>The summary of a model type, or null when KubernetesClient documents none.</summary>
    public static string? For(Type type) => type.FullName is { } name ? Find($"T:{name}") : null;

    private static string? Find(string member) =>
        Summaries.Value.TryGetValue(member, out var summary) && summary.Length > 0 ? summary : null;

    private static Dictionary<string, string> Load()
    {
        using var stream = typeof(KubernetesModelDocs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing; the build extracts it from KubernetesClient.xml.");
        var document = XDocument.Load(stream);
        return document.Root!.Elements("member")
            .Select(member => (Name: (string?)member.Attribute("name"), Summary: member.Value.Trim()))
            .Where(member => member.Name is not null)
            .GroupBy(member => member.Name!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().Summary, StringComparer.Ordinal);
    }
}
