using System.Collections.Concurrent;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// Turns AgentTask changes seen on the shared watch into task metrics: a terminal phase appearing
/// is a finished task, a Job name appearing is a dispatch. Only changes seen as updates count, so a
/// relist after a restart (every task an add) counts nothing twice; only the leader counts.
/// </summary>
internal sealed class TaskTransitionMetrics(OperatorMetrics metrics, TimeProvider time) : IResourceEventHandler<AgentTask>
{
    // When this replica saw each task appear: more precise than creationTimestamp (whole seconds).
    private readonly ConcurrentDictionary<ObjectKey, DateTimeOffset> firstSeen = new();

    public void OnAdd(AgentTask obj)
    {
        if (obj.Status?.JobName is null && obj.Status?.Phase?.IsTerminal() != true)
        {
            firstSeen.TryAdd(ObjectKey.Of(obj), time.GetUtcNow());
        }
    }

    public void OnUpdate(AgentTask oldObj, AgentTask newObj)
    {
        if (ReferenceEquals(oldObj, newObj) || !metrics.IsLeader)
        {
            return;
        }

        var key = ObjectKey.Of(newObj);
        if (string.IsNullOrEmpty(oldObj.Status?.JobName) && !string.IsNullOrEmpty(newObj.Status?.JobName))
        {
            var start = firstSeen.TryGetValue(key, out var seen) ? seen : Created(newObj);
            if (start is { } from)
            {
                metrics.RecordDispatch(time.GetUtcNow() - from);
            }
        }

        if (oldObj.Status?.Phase?.IsTerminal() != true && newObj.Status?.Phase is { } phase && phase.IsTerminal())
        {
            firstSeen.TryRemove(key, out _);
            var end = newObj.Status.CompletionTime is { } completed ? new DateTimeOffset(DateTime.SpecifyKind(completed, DateTimeKind.Utc)) : time.GetUtcNow();
            var duration = Created(newObj) is { } created ? end - created : TimeSpan.Zero;
            metrics.RecordTaskTerminal(phase, newObj.Status.Reason, duration);
            if (!string.IsNullOrEmpty(newObj.Spec?.TaskId))
            {
                metrics.RecordOzTaskTerminal(phase, newObj.Status.Reason, duration);
            }
        }
    }

    public void OnDelete(AgentTask obj) => firstSeen.TryRemove(ObjectKey.Of(obj), out _);

    private static DateTimeOffset? Created(AgentTask task) =>
        task.Metadata?.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null;
}
