namespace Oz.Operator.Preflight;

/// <summary>Labels of preflight Jobs: managed by the operator, but never a task (the task controller selects on the AgentTask label, which they lack).</summary>
public static class PreflightLabels
{
    /// <summary>Holds the id of the preflight run that created the Job.</summary>
    public const string Preflight = "oz.warp.dev/preflight";

    public const string NameValue = "oz-preflight";
}
