namespace Oz.Crds.V1Alpha1;

/// <summary>The condition types of an AgentTask's status (listType map keyed by type).</summary>
public static class ConditionTypes
{
    public const string Accepted = "Accepted";
    public const string JobCreated = "JobCreated";
    public const string PodScheduled = "PodScheduled";
    public const string Running = "Running";
    public const string Completed = "Completed";
}
