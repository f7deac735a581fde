namespace Oz.Operator.Oz.Mapping;

/// <summary>
/// Label and annotation keys the Oz bridge puts on the AgentTasks (and Secrets) it creates.
/// Label values are sanitised to label syntax, so each id also has a hash label for exact
/// matching; the annotations hold the ids exactly.
/// </summary>
/// <remarks>
/// Defined here because the JobBuilder's <c>TaskLabels</c> did not exist yet when the bridge was
/// written; when it lands, these keys should be unified with it.
/// </remarks>
public static class OzLabels
{
    public const string Prefix = "oz.warp.dev/";

    public const string TaskId = Prefix + "task-id";
    public const string TaskIdHash = Prefix + "task-id-hash";
    public const string ExecutionId = Prefix + "execution-id";
    public const string ExecutionIdHash = Prefix + "execution-id-hash";
    public const string WorkerId = Prefix + "worker-id";
    public const string WorkerIdHash = Prefix + "worker-id-hash";

    /// <summary>Marks objects made from an Oz assignment (value <see cref="SourceOz"/>).</summary>
    public const string Source = Prefix + "source";
    public const string SourceOz = "oz";

    public const string TaskIdAnnotation = Prefix + "task-id";
    public const string ExecutionIdAnnotation = Prefix + "execution-id";
    public const string WorkerIdAnnotation = Prefix + "worker-id";
}
