namespace Oz.Crds.Schema;

/// <summary>Smallest allowed value of an integer property (inclusive).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}
