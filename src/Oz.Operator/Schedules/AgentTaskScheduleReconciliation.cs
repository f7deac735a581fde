using k8s;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.Tasks.ApiClient;

namespace Oz.Operator.Schedules;

/// <summary>
/// The reconciliation of AgentTaskSchedules, assembled from the same machinery as the AgentTask one: its own
/// watch of schedules, the AgentTask controller's watch of tasks (shared, not a second one) with
/// each run mapped to its schedule's key, and the key-only <see cref="AgentTaskScheduleReconciler"/>
/// behind a work queue. Due times are <c>RequeueAfter</c> results on that queue, so a thousand
/// schedules cost no timers of their own.
/// </summary>
/// <remarks>
/// Like <see cref="Tasks.AgentTaskReconciliation"/>, the informer runs for the life of the process
/// (<see cref="RunInformerAsync"/>) and <see cref="Controller"/> only while this replica leads.
/// </remarks>
public sealed class AgentTaskScheduleReconciliation : IDisposable
{
    /// <summary>Schedules are few and a reconcile makes at most a few writes: two workers keep one slow write from holding the rest.</summary>
    public const int ScheduleWorkers = 2;

    /// <param name="kubernetes">The API client the watch and writes use.</param>
    /// <param name="options">The operator's configuration (the watched namespace, the worker count).</param>
    /// <param name="tasks">The AgentTask informer the AgentTask controller already runs.</param>
    /// <param name="events">The operator's Event recorder (shared with the AgentTask reconciler).</param>
    /// <param name="loggers">Loggers of the watch, the queue and the reconciler.</param>
    /// <param name="time">The clock due times are read from and waited on.</param>
    public AgentTaskScheduleReconciliation(
        IKubernetes kubernetes,
        OperatorOptions options,
        Informer<AgentTask> tasks,
        TaskEventRecorder events,
        ILoggerFactory loggers,
        TimeProvider time)
        : this(
            new Informer<AgentTaskSchedule>(
                KubernetesListerWatchers.CustomObjects<AgentTaskSchedule, AgentTaskScheduleList>(
                    kubernetes, AgentTaskSchedule.Group, AgentTaskSchedule.Version, AgentTaskSchedule.Plural, options.Namespace),
                new InformerOptions { Name = AgentTaskSchedule.Plural },
                loggers.CreateLogger<Informer<AgentTaskSchedule>>(),
                time),
            tasks,
            new KubernetesScheduleClusterClient(kubernetes),
            events,
            options,
            loggers,
            time)
    {
    }

    /// <summary>Assembles the controller over a given watch and client (tests).</summary>
    internal AgentTaskScheduleReconciliation(
        Informer<AgentTaskSchedule> schedules,
        Informer<AgentTask> tasks,
        IScheduleClusterClient client,
        TaskEventRecorder events,
        OperatorOptions options,
        ILoggerFactory loggers,
        TimeProvider time)
    {
        ScheduleInformer = schedules;
        Reconciler = new AgentTaskScheduleReconciler(schedules.Cache, tasks.Cache, client, events, time, loggers.CreateLogger<AgentTaskScheduleReconciler>());
        Controller = new Controller(Reconciler, new ControllerOptions { Name = "agenttaskschedule", Workers = ScheduleWorkers }, loggers.CreateLogger<Controller>(), time);
        Controller.For(schedules);

        // A run that starts, finishes or goes wakes its schedule: Forbid may start the next run,
        // the history limits may delete one, the status changes.
        Controller.Watch(tasks, ScheduleRuns.ScheduleKeysOf);
    }

    public Informer<AgentTaskSchedule> ScheduleInformer { get; }

    public AgentTaskScheduleReconciler Reconciler { get; }

    /// <summary>The work queue and workers; run while this replica leads.</summary>
    public Controller Controller { get; }

    /// <summary>Runs the schedule watch until cancelled.</summary>
    public Task RunInformerAsync(CancellationToken cancellationToken) => ScheduleInformer.RunAsync(cancellationToken);

    public void Dispose() => Controller.Dispose();
}
