namespace Oz.Crds.Schema;

/// <summary>
/// A CEL rule (<c>x-kubernetes-validations</c>) for what the structural schema cannot say.
/// <c>self</c> is the value of the annotated property (or the object of the annotated class);
/// a rule using <c>oldSelf</c> is a transition rule, checked only on update.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class ValidationRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>Path of the field the error is reported on, relative to <c>self</c> (e.g. <c>.cancel</c>).</summary>
    public string? FieldPath { get; init; }

    /// <summary>Machine-readable reason: FieldValueInvalid (default), FieldValueForbidden, FieldValueRequired, FieldValueDuplicate.</summary>
    public string? Reason { get; init; }
}
