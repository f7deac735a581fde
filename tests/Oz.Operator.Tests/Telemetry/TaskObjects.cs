namespace Oz.Operator.Tests.Telemetry;

/// <summary>AgentTasks in a given state, for the telemetry tests.</summary>
internal static class TaskObjects
{
    public static AgentTask Task(string name, AgentTaskPhase? phase = null, FailureReason? reason = null, string? jobName = null, string? taskId = null, DateTime? created = null, DateTime? completed = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            ResourceVersion = Guid.NewGuid().ToString("N"),
            CreationTimestamp = created ?? DateTime.UtcNow,
        },
        Spec = new AgentTaskSpec { TaskId = taskId },
        Status = new AgentTaskStatus { Phase = phase, Reason = reason, JobName = jobName, CompletionTime = completed },
    };
}
