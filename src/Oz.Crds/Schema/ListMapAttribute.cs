namespace Oz.Crds.Schema;

/// <summary>
/// The list is a map keyed by the given item fields (<c>x-kubernetes-list-type: map</c>): keys are
/// unique, and server-side apply merges items by key instead of replacing the list.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ListMapAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
