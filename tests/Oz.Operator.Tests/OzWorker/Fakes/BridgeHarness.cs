using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Reporting;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// The Oz side of the operator wired as the host would wire it — bridge, task bridge, in-memory
/// cluster, metrics, captured logs — against a fake Oz server, with intervals shrunk for tests.
/// </summary>
public sealed class BridgeHarness : IAsyncDisposable
{
    public const string ApiKey = "wk-test-SECRET-api-key-0123456789";
    public const string WorkerId = "worker-1";
    public const string Namespace = "tasks";

    private readonly ILoggerFactory _loggerFactory;
    private readonly bool _ownsLoggerFactory;
    private int _markers;

    private BridgeHarness(FakeOzServer server, OperatorOptions options, OzConnectionOptions connectionOptions, OzCredentials? credentials, ILoggerFactory? loggers)
    {
        Server = server;
        Options = options;
        ConnectionOptions = connectionOptions;
        _ownsLoggerFactory = loggers is null;
        _loggerFactory = loggers ?? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace));
        _loggerFactory.AddProvider(Logs);
        Metrics = new OzMetrics();
        var rejected = new RejectedTasks();
        Events = new TaskEventRecorder(EventSink, _loggerFactory.CreateLogger<TaskEventRecorder>());
        Tasks = new OzMessageHandler(Cluster, Cluster, options, rejected, Metrics, _loggerFactory.CreateLogger<OzMessageHandler>(), events: Events);
        Reports = new OzReportController(Cluster, Cluster, rejected, options, connectionOptions, Metrics, _loggerFactory);
        Cluster.Changed += Reports.Notify;
        Bridge = new OzConnectionLoop(options, credentials, connectionOptions, Tasks, Reports, Cluster, Metrics, _loggerFactory.CreateLogger<OzConnectionLoop>(), RecordDelayAsync);
    }

    public FakeOzServer Server { get; }

    public InMemoryAgentTaskStore Cluster { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Where the task bridge's Events are written.</summary>
    internal FakeTaskCluster EventSink { get; } = new();

    public TaskEventRecorder Events { get; }

    public OzMetrics Metrics { get; }

    public OzMessageHandler Tasks { get; }

    public OzReportController Reports { get; }

    public OzConnectionLoop Bridge { get; }

    public OperatorOptions Options { get; }

    public OzConnectionOptions ConnectionOptions { get; }

    /// <summary>Reconnect delays the bridge asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public CancellationTokenSource Leadership { get; } = new();

    public Task? Running { get; private set; }

    public static OzConnectionOptions FastConnection { get; } = new()
    {
        WriteTimeout = TimeSpan.FromSeconds(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(10),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(160),
        // Reports are confirmed by the pong of the next ping: a short interval keeps tests quick.
        PingInterval = TimeSpan.FromMilliseconds(50),
        CacheSyncPollInterval = TimeSpan.FromMilliseconds(10),
    };

    public static async Task<BridgeHarness> StartAsync(
        Func<OperatorOptions, OperatorOptions>? configure = null,
        OzConnectionOptions? connection = null,
        bool withApiKey = true,
        bool start = true,
        string? urlSuffix = null,
        ILoggerFactory? loggers = null)
    {
        var server = await FakeOzServer.StartAsync().ConfigureAwait(false);
        var options = new OperatorOptions
        {
            WorkerId = WorkerId,
            Namespace = Namespace,
            Oz = new OzOptions { WebSocketUrl = server.Url + (urlSuffix ?? ""), ServerRootUrl = "http://oz.test" },
        };
        options = configure?.Invoke(options) ?? options;
        var harness = new BridgeHarness(server, options, connection ?? FastConnection, withApiKey ? new OzCredentials(ApiKey) : null, loggers);
        if (start)
        {
            harness.Start();
        }

        return harness;
    }

    public void Start() => Running = Bridge.RunAsync(Leadership.Token);

    /// <summary>Connects and returns the server's side of the connection.</summary>
    public Task<FakeOzSession> NextSessionAsync() => Server.NextSessionAsync();

    public AgentTask? TaskOf(string taskId, string? executionId = null) =>
        Cluster.Get(new ObjectKey(Namespace, global::Oz.Operator.OzWorker.Mapping.OzTaskNames.AgentTaskName(taskId, executionId ?? "")));

    /// <summary>
    /// What the worker has sent on <paramref name="session"/> once everything the test set off has
    /// been handled: a positive signal in place of watching a while for messages that must not come.
    /// The report controller takes keys in order with one worker, so once it has reconciled a marker
    /// key queued now, every report due before has been sent; the worker then claims a marker
    /// assignment on the same ordered connection, and that claim ends the list (it is not included).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> SentUntilSettledAsync(FakeOzSession session)
    {
        var marker = $"settle-{Interlocked.Increment(ref _markers)}";
        var markerKey = new ObjectKey(Namespace, marker);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReconciled(ObjectKey key, TimeSpan elapsed, ReconcileOutcome outcome)
        {
            if (key == markerKey)
            {
                reached.TrySetResult();
            }
        }

        Reports.Controller.Reconciled += OnReconciled;
        try
        {
            Reports.Notify(markerKey);
            await Eventually.Within(reached.Task, "the report controller to reach the marker key").ConfigureAwait(false);
        }
        finally
        {
            Reports.Controller.Reconciled -= OnReconciled;
        }

        await session.SendJsonAsync(OzMessages.Assignment(marker)).ConfigureAwait(false);
        var sent = new List<JsonElement>();
        while (true)
        {
            var message = await session.ReceiveAsync().ConfigureAwait(false);
            if (message.TryGetProperty("data", out var data) && data.TryGetProperty("task_id", out var id) && id.GetString() == marker)
            {
                return sent;
            }

            sent.Add(message);
        }
    }

    public async Task StopAsync()
    {
        await Leadership.CancelAsync().ConfigureAwait(false);
        if (Running is not null)
        {
            await Running.WaitAsync(Eventually.DefaultTimeout).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await Server.DisposeAsync().ConfigureAwait(false);
            Reports.Dispose();
            Metrics.Dispose();
            if (_ownsLoggerFactory)
            {
                _loggerFactory.Dispose();
            }

            Leadership.Dispose();
        }
    }

    private async Task RecordDelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        Delays.Enqueue(delay);

        // Stands in for the backoff: recorded, not waited, but still a real pause so that a bridge
        // reconnecting in a loop cannot spin a core.
        await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
    }
}
