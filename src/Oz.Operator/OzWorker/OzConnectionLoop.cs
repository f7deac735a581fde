using System.Threading.Channels;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.OzWorker.Reporting;
using Oz.Operator.Telemetry.Logging;

// Not "Oz": a namespace named Oz under Oz.Operator would hide the root Oz namespace from every file here
// (Oz.Crds.… would stop resolving), so the folder and namespace are both OzWorker.
namespace Oz.Operator.OzWorker;

/// <summary>
/// Holds the connection to Oz while this replica leads: connect, serve the session (messages
/// in, claims out; reports go out through the <see cref="OzReportController"/>, which runs for the
/// same term and is handed each open connection), reconnect with jittered exponential backoff.
/// Without an API key the operator runs standalone and this does nothing.
/// </summary>
public sealed class OzConnectionLoop
{
    private readonly OperatorOptions _options;
    private readonly OzCredentials? _credentials;
    private readonly OzConnectionOptions _connectionOptions;
    private readonly OzMessageHandler _messages;
    private readonly OzReportController _reports;
    private readonly IObjectCache<AgentTask> _cache;
    private readonly OzMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private int _standaloneLogged;

    /// <summary>
    /// <paramref name="credentials"/> null means standalone. <paramref name="delay"/> waits the reconnect
    /// delays (Task.Delay by default; tests record them instead of sleeping).
    /// </summary>
    public OzConnectionLoop(
        OperatorOptions options,
        OzCredentials? credentials,
        OzConnectionOptions connectionOptions,
        OzMessageHandler messages,
        OzReportController reports,
        IObjectCache<AgentTask> cache,
        OzMetrics metrics,
        ILogger<OzConnectionLoop> logger,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        _options = options;
        _credentials = credentials;
        _connectionOptions = connectionOptions;
        _messages = messages;
        _reports = reports;
        _cache = cache;
        _metrics = metrics;
        _logger = logger;
        _delay = delay ?? Task.Delay;
    }

    /// <summary>True when an API key is configured, i.e. the operator is connected to Oz rather than standalone.</summary>
    public bool Enabled => _credentials is not null;

    /// <summary>
    /// Runs until <paramref name="leadership"/> is cancelled (the lease is lost or the host stops);
    /// then the connection is closed. Call it from the leader-election "started leading" callback.
    /// </summary>
    public async Task RunAsync(CancellationToken leadership)
    {
        if (_credentials is null)
        {
            if (Interlocked.Exchange(ref _standaloneLogged, 1) == 0)
            {
                _logger.LogInformation("No {Variable} set: running standalone (AgentTasks from kubectl or GitOps only)", OzCredentials.ApiKeyVariable);
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(_options.WorkerId) || _options.WorkerId.StartsWith("warp", StringComparison.OrdinalIgnoreCase))
        {
            _logger.LogError("Not connecting to Oz: worker id {WorkerId} is empty or reserved (ids starting with \"warp\")", _options.WorkerId);
            return;
        }

        Uri uri;
        try
        {
            uri = OzWebSocketUri.Build(_options.Oz.WebSocketUrl, _options.WorkerId);
        }
        catch (UriFormatException e)
        {
            _logger.LogError("Not connecting to Oz: the WebSocket URL {Url} is invalid ({Error})", _options.Oz.WebSocketUrl, e.Message);
            return;
        }

        var reporting = _reports.RunAsync(leadership);
        try
        {
            await WaitForCacheAsync(leadership).ConfigureAwait(false);
            await ConnectLoopAsync(uri, _credentials, leadership).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
            // Leadership lost while waiting: nothing is open.
        }
        finally
        {
            _metrics.SetConnected(false);
            await reporting.ConfigureAwait(false);
        }

        _logger.LogInformation("Disconnected from Oz: no longer the leader");
    }

    private async Task ConnectLoopAsync(Uri uri, OzCredentials credentials, CancellationToken leadership)
    {
        var backoff = _connectionOptions.ReconnectBackoff;

        // Failed attempts since the last successful connect: the backoff's attempt number.
        var failures = 0;
        while (!leadership.IsCancellationRequested)
        {
            string reason;
            try
            {
                var connection = await OzConnection.ConnectAsync(uri, credentials, _connectionOptions, _logger, leadership).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    failures = 0;
                    _metrics.SetConnected(true);
                    _logger.LogInformation("Connected to Oz at {Url} as worker {WorkerId}", uri.GetLeftPart(UriPartial.Path), _options.WorkerId);
                    try
                    {
                        reason = await RunSessionAsync(connection, leadership).ConfigureAwait(false);
                    }
                    finally
                    {
                        _metrics.SetConnected(false);
                    }
                }
            }
            catch (OzConnectionLostException e)
            {
                reason = e.Reason;
                _logger.LogWarning("Connection to Oz failed ({Reason}): {Message}", e.Reason, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong, the leader keeps trying: a crash here would end the Oz link for good.
                reason = DisconnectReasons.Error;
                _logger.LogError(e, "Unexpected error in the connection to Oz");
            }

            if (leadership.IsCancellationRequested)
            {
                return;
            }

            _metrics.Reconnect(reason);
            var delay = backoff.Delay(++failures);
            _logger.LogInformation("Reconnecting to Oz in {Delay} (after {Reason})", delay, reason);
            await _delay(delay, leadership).ConfigureAwait(false);
        }
    }

    /// <summary>Serves one connection until it ends; returns why it ended.</summary>
    private async Task<string> RunSessionAsync(OzConnection connection, CancellationToken leadership)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(leadership);

        // Bounded: when handling falls behind, reading pauses and the server's writes wait in the socket.
        var inbox = Channel.CreateBounded<InboundMessage>(new BoundedChannelOptions(Math.Max(1, _connectionOptions.InboxCapacity))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // The words the reference worker's users are told to look for after an install.
        _logger.LogInformation("Listening for tasks as worker {WorkerId}", _options.WorkerId);

        // Receiving runs apart from handling so that pongs keep being read while a slow API call is in flight.
        var receive = ReceiveLoopAsync(connection, inbox.Writer);
        var process = ProcessLoopAsync(connection, inbox.Reader, session.Token);
        _reports.Attach(connection);

        var first = await Task.WhenAny(receive, process).ConfigureAwait(false);
        var reason = ReasonOf(first, receive);

        _reports.Detach(connection);
        await session.CancelAsync().ConfigureAwait(false);
        await connection.CloseAsync(leadership.IsCancellationRequested ? "leadership lost" : "worker reconnecting").ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(receive, process).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        if (!leadership.IsCancellationRequested)
        {
            _logger.LogWarning("Connection to Oz ended ({Reason})", reason);
        }

        return reason;
    }

    private string ReasonOf(Task finished, Task receive)
    {
        if (finished.Exception?.GetBaseException() is { } error)
        {
            if (error is OzConnectionLostException lost)
            {
                return lost.Reason;
            }

            _logger.LogError(error, "Unexpected error in the Oz session");
            return DisconnectReasons.Error;
        }

        return finished == receive ? DisconnectReasons.ServerClosed : DisconnectReasons.Error;
    }

    private static async Task ReceiveLoopAsync(OzConnection connection, ChannelWriter<InboundMessage> inbox)
    {
        try
        {
            // No token: ending the session closes or disposes the socket, which ends this read.
            while (await connection.ReceiveAsync(CancellationToken.None).ConfigureAwait(false) is { } message)
            {
                await inbox.WriteAsync(message).ConfigureAwait(false);
            }
        }
        finally
        {
            inbox.TryComplete();
        }
    }

    private async Task ProcessLoopAsync(OzConnection connection, ChannelReader<InboundMessage> inbox, CancellationToken cancellationToken)
    {
        await foreach (var inbound in inbox.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (inbound.Oversized is { } oversized && !OversizedMessages.CanReject(oversized))
            {
                // Nothing to reject it by: end the connection in a way the server can see (1009).
                await connection.CloseTooBigAsync($"message larger than {oversized.MaxBytes} bytes").ConfigureAwait(false);
                throw new OzConnectionLostException(DisconnectReasons.MessageTooLarge, $"a message of {oversized.Bytes} bytes without a task id to reject it by");
            }

            var message = inbound.Oversized is { } rejectable ? OversizedMessages.AsMalformed(rejectable) : OzMessageParser.Parse(inbound.Text!);
            try
            {
                await _messages.HandleAsync(message, connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (OzConnectionLostException or OperationCanceledException))
            {
                // One message that trips a bug must not take the connection down (the server would re-send it).
                // The handler's task scope has closed by now: open it again, so the line names the task.
                var taskId = OzMessageHandler.Describe(message).TaskId;
                using var scope = taskId is null ? null : _logger.BeginTaskScope(taskId);
                if (taskId is null)
                {
                    _logger.LogError(e, "Failed to handle a {Message} from Oz", message.GetType().Name);
                }
                else
                {
                    _logger.LogError(e, "Failed to handle a {Message} from Oz for task {TaskId}", message.GetType().Name, taskId);
                }
            }
        }

        // The inbox completes when the server closed the connection: the session is over.
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForCacheAsync(CancellationToken leadership)
    {
        while (!_cache.HasSynced)
        {
            await Task.Delay(_connectionOptions.CacheSyncPollInterval, leadership).ConfigureAwait(false);
        }
    }
}
