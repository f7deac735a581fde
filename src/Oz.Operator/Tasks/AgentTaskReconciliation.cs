using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Security;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.Tasks;

/// <summary>
/// The reconciliation of AgentTasks, assembled: exactly three shared watches (this worker's AgentTasks,
/// Jobs and pods: <see cref="WorkerSelection"/>) whatever the number of tasks, Job and pod changes
/// mapped back to their task's key, and the <see cref="AgentTaskReconciler"/> behind the work queue (wrapped in
/// <see cref="TracedTaskReconciler"/>: a span and a task log scope per reconcile).
/// </summary>
/// <remarks>
/// The informers run for the life of the process (<see cref="RunInformersAsync"/>), so a replica that
/// becomes leader starts with warm caches; <see cref="Controller"/> (the work queue and its workers) is
/// run only while leading.
/// </remarks>
public sealed class AgentTaskReconciliation : IDisposable
{
    /// <param name="kubernetes">The API client the watches and writes use.</param>
    /// <param name="options">The operator's configuration.</param>
    /// <param name="loggers">Loggers of the watches, the queue and the reconciler.</param>
    /// <param name="time">The clock.</param>
    /// <param name="reportingInstance">This replica's identity, written on the Events it records.</param>
    /// <param name="ozConnected">
    /// Whether the operator reports tasks to Oz (an API key is configured): a deleted Oz task then keeps
    /// its finalizer until its report is recorded (<see cref="AgentTaskReconciler.OzReportTimeout"/>).
    /// </param>
    /// <param name="operatorApiKey">The operator's API key: a Secret holding it is never usable by a task.</param>
    /// <param name="redactor">
    /// Masks secrets in log tails written to status, Events and reports; learns the values of the
    /// Secrets each task may use and forgets them when the task is gone. A fresh one when null.
    /// </param>
    public AgentTaskReconciliation(
        IKubernetes kubernetes,
        OperatorOptions options,
        ILoggerFactory loggers,
        TimeProvider time,
        string reportingInstance,
        bool ozConnected = false,
        string? operatorApiKey = null,
        SecretRedactor? redactor = null)
    {
        redactor ??= new SecretRedactor();
        var ns = options.Namespace;
        TaskInformer = new Informer<AgentTask>(
            KubernetesListerWatchers.CustomObjects<AgentTask, AgentTaskList>(kubernetes, AgentTask.Group, AgentTask.Version, AgentTask.Plural, ns),
            new InformerOptions
            {
                Name = AgentTask.Plural,
                Accepts = task => WorkerSelection.Owns((AgentTask)task, options),
                IndexedLabels = AgentTaskIndexes.Labels,
                Indexers = AgentTaskIndexes.Indexers,
                Transform = TaskCacheTransforms.AgentTask,
            },
            loggers.CreateLogger<Informer<AgentTask>>(),
            time);
        JobInformer = new Informer<V1Job>(
            KubernetesListerWatchers.Jobs(kubernetes, ns, decodeOptions: TaskCacheTransforms.JobDecoding),
            new InformerOptions { Name = "jobs", LabelSelector = WorkerSelection.JobSelector(options.WorkerId), Transform = TaskCacheTransforms.Job },
            loggers.CreateLogger<Informer<V1Job>>(),
            time);
        PodInformer = new Informer<V1Pod>(
            KubernetesListerWatchers.Pods(kubernetes, ns, decodeOptions: TaskCacheTransforms.PodDecoding),
            new InformerOptions
            {
                Name = "pods",
                LabelSelector = WorkerSelection.JobSelector(options.WorkerId),
                IndexedLabels = [TaskLabels.AgentTaskHash],
                Transform = TaskCacheTransforms.Pod,
            },
            loggers.CreateLogger<Informer<V1Pod>>(),
            time);

        // The reconciler wakes queued tasks through the controller's queue; the controller needs the
        // reconciler first, hence the late-bound delegate.
        Controller? controller = null;
        Reconciler = new AgentTaskReconciler(
            TaskInformer.Cache, JobInformer.Cache, PodInformer.Cache,
            new KubernetesTaskClusterClient(kubernetes, reportingInstance, time, redactor),
            options,
            key => controller?.Queue.Add(key),
            time,
            loggers.CreateLogger<AgentTaskReconciler>(),
            ozConnected,
            new TaskSecretAccessCheck(new KubernetesSecretReader(kubernetes), options.TaskSecrets, operatorApiKey, redactor));
        TaskInformer.AddEventHandler(TaskRedactionCleanup.Handler(redactor));
        // Each reconcile runs in its span and in the task's log scope (Telemetry/Tracing).
        var traced = new TracedTaskReconciler(Reconciler, TaskInformer.Cache, loggers.CreateLogger<AgentTaskReconciler>());
        controller = new Controller(traced, new ControllerOptions { Name = "agenttask", Workers = options.ReconcileWorkers }, loggers.CreateLogger<Controller>(), time);
        controller.For(TaskInformer);
        controller.Watch(JobInformer, TaskOwnerKeys.KeysOfJob);
        controller.Watch(PodInformer, TaskOwnerKeys.KeysOfPod(JobInformer.Cache.Get));
        Controller = controller;
    }

    public Informer<AgentTask> TaskInformer { get; }

    public Informer<V1Job> JobInformer { get; }

    public Informer<V1Pod> PodInformer { get; }

    public AgentTaskReconciler Reconciler { get; }

    /// <summary>The work queue and workers; run while this replica leads.</summary>
    public Controller Controller { get; }

    public IReadOnlyList<IInformer> Informers => [TaskInformer, JobInformer, PodInformer];

    /// <summary>Runs the three watches until cancelled.</summary>
    public Task RunInformersAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(TaskInformer.RunAsync(cancellationToken), JobInformer.RunAsync(cancellationToken), PodInformer.RunAsync(cancellationToken));

    public void Dispose() => Controller.Dispose();
}
