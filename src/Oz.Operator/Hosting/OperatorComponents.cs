using k8s;
using Oz.Operator.Configuration;
using Oz.Operator.Health;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Election;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Reporting;
using Oz.Operator.Schedules;
using Oz.Operator.Tasks;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Hosting;

/// <summary>
/// The operator's parts, built from the configuration and wired to each other but not started:
/// the Kubernetes client, the AgentTask and AgentTaskSchedule reconciliations (shared watches, work
/// queues), leader election, the health endpoints with their readiness gates, and the Oz connection
/// loop with its message handler and reporting, which share the AgentTask cache.
/// <see cref="OperatorHost"/> decides when each one runs.
/// </summary>
public sealed class OperatorComponents : IAsyncDisposable
{
    private OperatorComponents(
        OperatorOptions options,
        IKubernetes client,
        AgentTaskReconciliation tasks,
        AgentTaskScheduleReconciliation schedules,
        LeaderElection election,
        LeaderElectionSettings electionSettings,
        HealthServer health,
        ReadinessGates readiness,
        LivenessChecks liveness,
        ProgressWatchdog watchdog,
        OzConnectionLoop oz,
        OzMetrics ozMetrics,
        OperatorTelemetry telemetry,
        SecretRedactor redactor)
    {
        Telemetry = telemetry;
        Redactor = redactor;
        Options = options;
        Client = client;
        Tasks = tasks;
        Schedules = schedules;
        Election = election;
        ElectionSettings = electionSettings;
        Health = health;
        Readiness = readiness;
        Liveness = liveness;
        Watchdog = watchdog;
        Oz = oz;
        OzMetrics = ozMetrics;
    }

    public OperatorOptions Options { get; }

    public IKubernetes Client { get; }

    public AgentTaskReconciliation Tasks { get; }

    /// <summary>The AgentTaskSchedule controller: its own watch of schedules, the AgentTask watch shared with <see cref="Tasks"/>.</summary>
    public AgentTaskScheduleReconciliation Schedules { get; }

    /// <summary>Every watch of the operator (AgentTasks, Jobs, pods, AgentTaskSchedules).</summary>
    public IReadOnlyList<IInformer> Informers => [.. Tasks.Informers, Schedules.ScheduleInformer];

    public LeaderElection Election { get; }

    /// <summary>Where the Lease is and how long its terms last.</summary>
    public LeaderElectionSettings ElectionSettings { get; }

    public HealthServer Health { get; }

    public ReadinessGates Readiness { get; }

    /// <summary>The checks behind /healthz: the process only, never the API server.</summary>
    public LivenessChecks Liveness { get; }

    /// <summary>Beats while the process makes progress (a liveness check).</summary>
    public ProgressWatchdog Watchdog { get; }

    public OzConnectionLoop Oz { get; }

    public OzMetrics OzMetrics { get; }

    /// <summary>Metrics (and the /metrics listener) and traces of this replica.</summary>
    public OperatorTelemetry Telemetry { get; }

    /// <summary>Masks secrets in log lines: knows the API key and every value the Oz bridge puts in a task's Secret.</summary>
    public SecretRedactor Redactor { get; }

    /// <summary>
    /// Builds every part. <paramref name="environment"/> supplies POD_NAME, POD_NAMESPACE and
    /// WARP_API_KEY (the process environment when null). <paramref name="redactor"/> should be the one
    /// <paramref name="loggers"/> formats with (the one the run command sets up): the API key and the values
    /// of every task Secret the bridge creates are registered on it (a fresh one when null).
    /// </summary>
    public static OperatorComponents Create(
        OperatorOptions options,
        KubernetesConnection connection,
        ILoggerFactory loggers,
        Func<string, string?>? environment = null,
        SecretRedactor? redactor = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        var env = environment ?? Environment.GetEnvironmentVariable;
        redactor ??= new SecretRedactor();
        var credentials = OzCredentials.FromEnvironment(env);
        redactor.Register(credentials?.ApiKey);

        var telemetry = OperatorTelemetry.Create(options.Telemetry, loggers, workerId: options.WorkerId);
        var metrics = telemetry.Metrics;
        var client = new k8s.Kubernetes(connection.Configuration, new KubernetesApiMetricsHandler(metrics));
        var electionSettings = ElectionSettingsFor(options, env);
        var election = new LeaderElection(client, electionSettings, loggers.CreateLogger<LeaderElection>());
        var tasks = new AgentTaskReconciliation(client, options, loggers, TimeProvider.System, election.Identity, ozConnected: credentials is not null, credentials?.ApiKey, redactor);
        metrics.Attach(tasks.Controller);
        metrics.Attach(tasks.TaskInformer);
        metrics.Attach(tasks.JobInformer);
        metrics.Attach(tasks.PodInformer);
        metrics.Attach(election);
        metrics.AttachTasks(tasks.TaskInformer);
        var schedules = new AgentTaskScheduleReconciliation(client, options, tasks.TaskInformer, tasks.Reconciler.Events, loggers, TimeProvider.System);
        metrics.Attach(schedules.Controller);
        metrics.Attach(schedules.ScheduleInformer);

        // Closed from the start: nothing may call the replica ready before the host has opened them.
        var readiness = new ReadinessGates();
        readiness.Require(ReadinessGates.Preflight, "preflight not run yet");
        readiness.Require(ReadinessGates.CachesSynced, "informers starting");
        readiness.TrackElection(election);
        var liveness = new LivenessChecks();
        var healthOptions = new HealthOptions { Port = options.Telemetry.HealthPort, BindAddress = options.Telemetry.HealthAddress };
        var watchdog = new ProgressWatchdog(healthOptions.StallAfter);
        OperatorHealth.Wire(liveness, readiness, [.. tasks.Informers, schedules.ScheduleInformer], watchdog, healthOptions);
        var health = new HealthServer(healthOptions, liveness, readiness, loggers.CreateLogger<HealthServer>());

        // The bridge reads the controller's AgentTask cache and is woken by the same watch: one
        // watch of AgentTasks for the whole operator.
        var ozMetrics = new OzMetrics();
        ozMetrics.DescribeWorker(options.WorkerId, options.MaxConcurrentTasks, OperatorMetrics.Version);
        var connectionOptions = new OzConnectionOptions { PingInterval = options.Oz.PingInterval };
        var store = new KubernetesAgentTaskStore(client);
        var rejected = new RejectedTasks();
        var messages = new OzMessageHandler(store, tasks.TaskInformer.Cache, options, rejected, ozMetrics, loggers.CreateLogger<OzMessageHandler>(), redactor, tasks.Reconciler.Events);
        var reports = new OzReportController(tasks.TaskInformer.Cache, store, rejected, options, connectionOptions, ozMetrics, loggers);
        tasks.TaskInformer.AddEventHandler(reports.ChangeHandler());
        metrics.Attach(reports.Controller);
        var oz = new OzConnectionLoop(options, credentials, connectionOptions, messages, reports, tasks.TaskInformer.Cache, ozMetrics, loggers.CreateLogger<OzConnectionLoop>());

        return new OperatorComponents(options, client, tasks, schedules, election, electionSettings, health, readiness, liveness, watchdog, oz, ozMetrics, telemetry, redactor);
    }

    /// <summary>The Lease lives in the operator's own namespace (POD_NAMESPACE), which may differ from the watched one.</summary>
    public static LeaderElectionSettings ElectionSettingsFor(OperatorOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = options.LeaderElection;
        return new LeaderElectionSettings
        {
            Enabled = configured.Enabled,
            LeaseName = configured.LeaseNameFor(options.WorkerId),
            LeaseNamespace = NonEmpty(environment("POD_NAMESPACE")) ?? options.Namespace,
            Identity = NonEmpty(environment("POD_NAME")),
            LeaseDuration = configured.LeaseDuration,
            RenewDeadline = configured.RenewDeadline,
            RetryPeriod = configured.RetryPeriod,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Health.DisposeAsync().ConfigureAwait(false);
        Tasks.Dispose();
        Schedules.Dispose();
        OzMetrics.Dispose();
        Client.Dispose();
        await Telemetry.DisposeAsync().ConfigureAwait(false);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
