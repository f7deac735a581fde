using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Election;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// One call per piece of machinery: subscribes <see cref="OperatorMetrics"/> to the events and
/// counters the machinery already exposes, so no component needs to know about metrics.
/// </summary>
public static class OperatorMetricsAttachments
{
    /// <summary>Reconcile durations and errors, and the queue depth, of <paramref name="controller"/>.</summary>
    public static void Attach(this OperatorMetrics metrics, Controller controller)
    {
        var name = controller.Name;
        metrics.PrimeController(name);
        metrics.ObserveQueue(name, () => controller.Queue.Length, () => controller.Queue.DelayedLength);
        controller.Reconciled += (_, duration, outcome) => metrics.RecordReconcile(name, duration, outcome);
    }

    /// <summary>Watch restarts of <paramref name="informer"/>, labelled with its name.</summary>
    public static void Attach<T>(this OperatorMetrics metrics, Informer<T> informer)
        where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
    {
        var name = informer.Name;
        metrics.PrimeWatch(name);
        informer.WatchRestarted += reason => metrics.RecordWatchRestart(name, reason);
    }

    /// <summary>The leader gauge follows <paramref name="election"/>'s terms.</summary>
    public static void Attach(this OperatorMetrics metrics, LeaderElection election)
    {
        election.LeadershipChanged += metrics.SetLeader;
        metrics.SetLeader(election.IsLeader);
    }

    /// <summary>
    /// Task metrics from the AgentTask informer alone: tasks by phase from its cache, and, from its
    /// updates, terminal results (duration, failures by reason) and dispatch latency. Call before
    /// the informer starts. The reconciler then needs no metric calls of its own.
    /// </summary>
    public static void AttachTasks(this OperatorMetrics metrics, Informer<AgentTask> tasks, TimeProvider? timeProvider = null)
    {
        metrics.ObserveTasks(tasks.Cache);
        tasks.AddEventHandler(new TaskTransitionMetrics(metrics, timeProvider ?? TimeProvider.System));
    }
}
