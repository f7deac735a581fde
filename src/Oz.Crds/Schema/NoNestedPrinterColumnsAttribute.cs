namespace Oz.Crds.Schema;

/// <summary>
/// The printer columns of the property's type are not collected: an AgentTask spec embedded in a
/// schedule's template does not give the schedule the AgentTask's Title column.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class NoNestedPrinterColumnsAttribute : Attribute;
