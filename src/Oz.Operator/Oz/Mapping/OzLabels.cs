using Oz.Operator.Tasks;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>
/// Label and annotation keys the Oz bridge puts on the AgentTasks (and Secrets) it creates: the
/// same keys the JobBuilder puts on Jobs (<see cref="TaskLabels"/>), so one selector finds a
/// task's AgentTask, Secret and Job. Label values are sanitised; select by the hash labels.
/// </summary>
public static class OzLabels
{
    public const string TaskId = TaskLabels.TaskId;
    public const string TaskIdHash = TaskLabels.TaskIdHash;
    public const string ExecutionId = TaskLabels.ExecutionId;
    public const string ExecutionIdHash = TaskLabels.ExecutionIdHash;
    public const string WorkerId = TaskLabels.WorkerId;
    public const string WorkerIdHash = TaskLabels.WorkerIdHash;

    /// <summary>Marks objects made from an Oz assignment (value <see cref="SourceOz"/>).</summary>
    public const string Source = "oz.warp.dev/source";
    public const string SourceOz = "oz";

    public const string TaskIdAnnotation = TaskLabels.Annotations.TaskId;
    public const string ExecutionIdAnnotation = TaskLabels.Annotations.ExecutionId;
    public const string WorkerIdAnnotation = TaskLabels.Annotations.WorkerId;
}
