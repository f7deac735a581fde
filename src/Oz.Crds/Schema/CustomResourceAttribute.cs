namespace Oz.Crds.Schema;

/// <summary>
/// Marks the root type of a custom resource and names it the way the CRD's <c>spec.names</c> does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CustomResourceAttribute(string group, string version, string kind, string plural) : Attribute
{
    public string Group { get; } = group;

    public string Version { get; } = version;

    public string Kind { get; } = kind;

    public string Plural { get; } = plural;

    /// <summary>Lower-case singular name; defaults to the lower-cased kind.</summary>
    public string? Singular { get; init; }

    public string[] ShortNames { get; init; } = [];

    /// <summary>Groups the resource belongs to, e.g. <c>kubectl get oz</c>.</summary>
    public string[] Categories { get; init; } = [];

    /// <summary>True for namespaced resources, false for cluster-scoped ones.</summary>
    public bool Namespaced { get; init; } = true;

    /// <summary>Serve status through the /status subresource, so spec and status are written separately.</summary>
    public bool StatusSubresource { get; init; }
}
