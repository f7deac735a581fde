namespace Oz.Crds.Schema;

/// <summary>Largest allowed value of an integer property (inclusive).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class MaximumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
