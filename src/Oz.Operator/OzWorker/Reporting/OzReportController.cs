using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.OzWorker.Reporting;

/// <summary>
/// Reporting to Oz as a controller of its own over the shared AgentTask watch: AgentTask changes
/// become keys on a <see cref="Controller"/>'s work queue (key-only, de-duplicated, rate-limited
/// retries) and the <see cref="OzReportReconciler"/> handles them. The connection only attaches
/// itself (<see cref="Attach"/>), which queues every task so that results missed while
/// disconnected, or before a restart, go out.
/// </summary>
public sealed class OzReportController : IDisposable
{
    private readonly IObjectCache<AgentTask> _cache;

    public OzReportController(
        IObjectCache<AgentTask> cache,
        IAgentTaskStore store,
        RejectedTasks rejected,
        OperatorOptions options,
        OzConnectionOptions connectionOptions,
        OzMetrics metrics,
        ILoggerFactory loggers,
        TimeProvider? time = null)
    {
        _cache = cache;
        var reconciler = new OzReportReconciler(cache, store, Deliveries, rejected, options, connectionOptions, metrics, loggers.CreateLogger<OzReportReconciler>());
        Controller = new Controller(reconciler, new ControllerOptions { Name = "ozreport", Workers = 1 }, loggers.CreateLogger<Controller>(), time);
        Deliveries.MayBeDelivered += Notify;
    }

    /// <summary>The work queue and worker; run while this replica leads.</summary>
    public Controller Controller { get; }

    public ReportDeliveries Deliveries { get; } = new();

    /// <summary>Queues <paramref name="key"/> for a look (any AgentTask change).</summary>
    public void Notify(ObjectKey key) => Controller.Queue.Add(key);

    /// <summary>The handler for the shared AgentTask informer: every add, update and delete queues the task's key.</summary>
    public IResourceEventHandler<AgentTask> ChangeHandler() => new ResourceEventHandler<AgentTask>(
        onAdd: task => Notify(ObjectKey.Of(task)),
        onUpdate: (_, task) => Notify(ObjectKey.Of(task)),
        onDelete: task => Notify(ObjectKey.Of(task)));

    /// <summary>Reports go to <paramref name="channel"/>; every task is looked at again.</summary>
    public void Attach(IReportChannel channel)
    {
        Deliveries.Attach(channel);
        foreach (var task in _cache.List())
        {
            if (TaskReport.IsDue(task))
            {
                Notify(ObjectKey.Of(task));
            }
        }
    }

    public void Detach(IReportChannel channel) => Deliveries.Detach(channel);

    /// <summary>Reconciles until <paramref name="cancellationToken"/> (leadership) ends.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => Controller.RunAsync(cancellationToken);

    public void Dispose() => Controller.Dispose();
}
