using System.Diagnostics;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Telemetry.Tracing;

/// <summary>
/// The operator's spans, on the ActivitySource <c>Oz.Operator</c>: one per reconcile and one per
/// Oz message. Both carry <see cref="TaskIdAttribute"/>, which links a task's Oz messages to its
/// reconciles; an AgentTask created from an Oz message may also carry that message's trace context
/// (<see cref="TraceParentAnnotation"/>), which reconcile spans then link to.
/// </summary>
public static class OperatorTracing
{
    public const string SourceName = "Oz.Operator";

    public const string TaskIdAttribute = "oz.task_id";
    public const string ExecutionIdAttribute = "oz.execution_id";
    public const string MessageTypeAttribute = "oz.message.type";
    public const string NamespaceAttribute = "k8s.namespace.name";
    public const string AgentTaskAttribute = "oz.agenttask.name";
    public const string OutcomeAttribute = "oz.reconcile.outcome";

    /// <summary>Annotation holding the W3C traceparent of the Oz message that created an AgentTask.</summary>
    public const string TraceParentAnnotation = "oz.warp.dev/traceparent";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the span of one reconcile of <paramref name="key"/>; null when nobody listens.</summary>
    public static Activity? StartReconcile(string controller, ObjectKey key, AgentTask? task)
    {
        var activity = Source.StartActivity($"reconcile {controller}", ActivityKind.Internal, parentContext: default, links: OriginLinks(task));
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(NamespaceAttribute, key.Namespace);
        activity.SetTag(AgentTaskAttribute, key.Name);
        if (task?.Spec?.TaskId is { } taskId)
        {
            activity.SetTag(TaskIdAttribute, taskId);
        }

        if (task?.Spec?.ExecutionId is { } executionId)
        {
            activity.SetTag(ExecutionIdAttribute, executionId);
        }

        return activity;
    }

    /// <summary>Starts the span of one Oz message (received: Consumer; sent: Producer); null when nobody listens.</summary>
    /// <param name="type">The message's <c>type</c> (e.g. <c>task_assignment</c>).</param>
    /// <param name="taskId">The Oz task it concerns, when known.</param>
    /// <param name="kind">Consumer for a received message, Producer for a sent one.</param>
    /// <param name="links">Spans it follows from (e.g. <see cref="OriginLinks"/> of the task a report is about).</param>
    public static Activity? StartOzMessageActivity(string type, string? taskId, ActivityKind kind = ActivityKind.Consumer, IEnumerable<ActivityLink>? links = null)
    {
        var activity = Source.StartActivity($"oz {type}", kind, parentContext: default, links: links);
        activity?.SetTag(MessageTypeAttribute, type);
        if (taskId is not null)
        {
            activity?.SetTag(TaskIdAttribute, taskId);
        }

        return activity;
    }

    /// <summary>Writes the current span's trace context into <paramref name="annotations"/> (when there is a W3C span).</summary>
    public static void AnnotateTraceParent(IDictionary<string, string> annotations)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            annotations[TraceParentAnnotation] = id;
        }
    }

    /// <summary>
    /// A link to the Oz message span recorded on <paramref name="task"/> (<see cref="TraceParentAnnotation"/>);
    /// null when there is none or the annotation is not a valid traceparent (a hand-edited annotation
    /// costs the link, never the reconcile).
    /// </summary>
    public static ActivityLink[]? OriginLinks(AgentTask? task) =>
        TraceParentOf(task) is { } origin ? [new ActivityLink(origin)] : null;

    private static ActivityContext? TraceParentOf(AgentTask? task) =>
        task?.Metadata?.Annotations is { } annotations
        && annotations.TryGetValue(TraceParentAnnotation, out var value)
        && ActivityContext.TryParse(value, null, out var context)
        && context.TraceId != default
        && context.SpanId != default
            ? context
            : null;
}
