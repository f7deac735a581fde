namespace Oz.Crds.Schema;

/// <summary>
/// An additional printer column of <c>kubectl get</c>. On a property the JSON path is the property's
/// path in the resource; on the resource class (for metadata fields) <see cref="JsonPath"/> is required.
/// Columns are printed in <see cref="Order"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class PrinterColumnAttribute(string name, int order) : Attribute
{
    public string Name { get; } = name;

    public int Order { get; } = order;

    /// <summary>Explicit JSON path (e.g. <c>.metadata.creationTimestamp</c>); derived from the property when null.</summary>
    public string? JsonPath { get; init; }

    /// <summary>OpenAPI type of the column (string, integer, number, boolean, date); derived from the property when null.</summary>
    public string? Type { get; init; }

    /// <summary>0 shows the column in the standard view; higher values only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }

    public string? Description { get; init; }
}
