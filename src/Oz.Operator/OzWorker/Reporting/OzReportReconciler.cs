using System.Diagnostics;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.OzWorker.Reporting;

/// <summary>
/// Reports the result of each finished Oz task this worker claimed, level-triggered from the
/// AgentTask cache: a terminal task without <c>status.reportedToOz</c> is sent on the open
/// connection, and <c>reportedToOz</c> is written only once a pong for a ping sent after the report
/// proves the server read it. A connection that ends first makes the next one send it again.
/// </summary>
/// <remarks>
/// A failed status write throws, so the controller retries the key with rate-limited backoff; the
/// report itself is not sent again on the same connection (<see cref="ReportDeliveries"/>).
/// </remarks>
public sealed class OzReportReconciler(
    IObjectCache<AgentTask> cache,
    IAgentTaskStore store,
    ReportDeliveries deliveries,
    RejectedTasks rejected,
    OperatorOptions options,
    OzConnectionOptions connectionOptions,
    OzMetrics metrics,
    ILogger<OzReportReconciler> logger) : IReconciler
{
    /// <summary>Whether <paramref name="task"/> owes Oz a report from this worker now.</summary>
    public static bool IsDue(AgentTask task, string workerId) => TaskReport.IsDue(task) && OzClaim.IsClaimedBy(task, workerId);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var task = cache.Get(key);
        if (task is null)
        {
            rejected.Remove(key);
            return ReconcileResult.Done;
        }

        var uid = task.Metadata.Uid ?? "";
        if (task.Status?.ReportedToOz == true)
        {
            deliveries.Forget(uid);
            return ReconcileResult.Done;
        }

        if (!IsDue(task, options.WorkerId))
        {
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginTaskScope(key, task);
        if (rejected.Contains(key, uid))
        {
            // Rejected after it was created: the rejection was its answer. Only the record is owed.
            logger.LogDebug("AgentTask {AgentTask} was rejected to Oz; recording it as answered, not reporting it", key);
            await store.MarkReportedAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var plan = deliveries.Plan(uid);
        switch (plan.Step)
        {
            case DeliveryStep.NotConnected:
                // Connecting queues every task again.
                return ReconcileResult.Done;
            case DeliveryStep.Send:
                await SendAsync(task, key, uid, plan, cancellationToken).ConfigureAwait(false);
                return ReconcileResult.After(ProofWait);
            case DeliveryStep.AwaitingProof:
                // The pong wakes this key; the timer is only a backstop.
                return ReconcileResult.After(ProofWait);
            default:
                await store.MarkReportedAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
                deliveries.Forget(uid);
                logger.LogInformation("Oz received the result of task {TaskId} (AgentTask {AgentTask}); recorded reportedToOz", task.Spec.TaskId, key);
                return ReconcileResult.Done;
        }
    }

    /// <summary>A ping goes out at least this often and its pong follows within the rest of the silence bound.</summary>
    private TimeSpan ProofWait => connectionOptions.DeadAfterSilence > TimeSpan.Zero ? connectionOptions.DeadAfterSilence : TimeSpan.FromMinutes(1);

    private async Task SendAsync(AgentTask task, ObjectKey key, string uid, DeliveryPlan plan, CancellationToken cancellationToken)
    {
        var report = TaskReport.For(task);
        using var activity = OperatorTracing.StartOzMessageActivity(report.Type, task.Spec.TaskId, ActivityKind.Producer, OperatorTracing.OriginLinks(task));
        activity?.SetTag(OperatorTracing.NamespaceAttribute, key.Namespace);
        activity?.SetTag(OperatorTracing.AgentTaskAttribute, key.Name);
        var mark = await plan.Channel!.SendReportAsync(report, cancellationToken).ConfigureAwait(false);
        deliveries.Sent(key, uid, plan, mark);
        metrics.Report(report.Type);
        if (plan.Resend)
        {
            metrics.ReportResent(report.Type);
            logger.LogInformation("Reported {Type} for task {TaskId} (AgentTask {AgentTask}) again: the earlier connection ended before Oz confirmed it", report.Type, task.Spec.TaskId, key);
        }
        else
        {
            logger.LogInformation("Reported {Type} for task {TaskId} (AgentTask {AgentTask})", report.Type, task.Spec.TaskId, key);
        }
    }
}
