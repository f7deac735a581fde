using System.Diagnostics;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Telemetry.Tracing;

/// <summary>
/// Wraps the AgentTask reconciler: each reconcile runs inside its span
/// (<see cref="OperatorTracing.StartReconcile"/>) and inside the task's log scope, so every line the
/// reconciler logs carries TaskId, AgentTask and Job without the reconciler passing them around.
/// </summary>
/// <param name="inner">The real reconciler.</param>
/// <param name="tasks">The AgentTask cache (for task id and Job name; no API calls).</param>
/// <param name="logger">Any logger of the same factory as the reconciler's (scopes are shared per factory).</param>
/// <param name="controller">Controller name, in the span name.</param>
public sealed class TracedTaskReconciler(IReconciler inner, IObjectCache<AgentTask> tasks, ILogger logger, string controller = "agenttask") : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var task = tasks.Get(key);
        using var activity = OperatorTracing.StartReconcile(controller, key, task);
        using var scope = logger.BeginTaskScope(key, task);
        try
        {
            var result = await inner.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(OperatorTracing.OutcomeAttribute, result.RequeueAfter is null ? "done" : "requeued");
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity?.SetTag(OperatorTracing.OutcomeAttribute, "cancelled");
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetTag(OperatorTracing.OutcomeAttribute, "error");
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            activity?.AddException(ex);
            throw;
        }
    }
}
