namespace Oz.Crds.V1Alpha1;

/// <summary>
/// Label and annotation keys the operator puts on task Jobs and their pods, and the Oz bridge on the
/// AgentTasks (and Secrets) it creates, so one selector finds a task's AgentTask, Secret and Job.
/// The reconciler, the shared informers (selector <see cref="ManagedBySelector"/>) and the Oz
/// bridge select by them. Readable labels carry sanitised, possibly truncated values
/// (<see cref="KubernetesNames.LabelValue"/>); the <c>-hash</c> labels carry
/// <see cref="KubernetesNames.LabelHash"/> of the exact value and are the ones to select by.
/// </summary>
public static class TaskLabels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "oz-operator";
    public const string Name = "app.kubernetes.io/name";
    public const string NameValue = "oz-agent-task";

    /// <summary>Label selector of everything the operator manages.</summary>
    public const string ManagedBySelector = ManagedBy + "=" + ManagedByValue;

    /// <summary>Sanitised AgentTask name (AgentTask names may be longer than a label value).</summary>
    public const string AgentTask = "oz.warp.dev/agenttask";
    public const string AgentTaskHash = "oz.warp.dev/agenttask-hash";

    public const string WorkerId = "oz.warp.dev/worker-id";
    public const string WorkerIdHash = "oz.warp.dev/worker-id-hash";

    public const string TaskId = "oz.warp.dev/task-id";
    public const string TaskIdHash = "oz.warp.dev/task-id-hash";

    public const string ExecutionId = "oz.warp.dev/execution-id";
    public const string ExecutionIdHash = "oz.warp.dev/execution-id-hash";

    /// <summary>Marks objects made from an Oz assignment (value <see cref="SourceOz"/>).</summary>
    public const string Source = "oz.warp.dev/source";
    public const string SourceOz = "oz";

    /// <summary>Annotation keys holding the exact, unsanitised values.</summary>
    public static class Annotations
    {
        public const string AgentTask = "oz.warp.dev/agenttask";
        public const string WorkerId = "oz.warp.dev/worker-id";
        public const string TaskId = "oz.warp.dev/task-id";
        public const string ExecutionId = "oz.warp.dev/execution-id";

        /// <summary>Makes <c>kubectl logs</c> and <c>kubectl exec</c> pick the task container.</summary>
        public const string DefaultContainer = "kubectl.kubernetes.io/default-container";
    }
}
