namespace Oz.Crds.V1Alpha1;

/// <summary>The condition types of an AgentTask's status (listType map keyed by type).</summary>
public static class ConditionTypes
{
    public const string Accepted = "Accepted";
    public const string JobCreated = "JobCreated";
    public const string PodScheduled = "PodScheduled";
    public const string Running = "Running";
    public const string Completed = "Completed";

    /// <summary>kstatus: True once the task succeeded; False (with the reason) otherwise.</summary>
    public const string Ready = "Ready";

    /// <summary>kstatus: True while the task is on its way (Pending, Queued, Starting, Running).</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>kstatus: True when the task failed or was cancelled; a terminal phase never changes, so it will not fix itself.</summary>
    public const string Stalled = "Stalled";
}
