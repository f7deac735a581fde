using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Tasks;
using Oz.Operator.Tasks.ApiClient;
using Oz.Operator.Tasks.Security;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Metrics;
using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// What the worker does with Oz's messages and how results flow back. Assignments become
/// AgentTasks (+ env Secret) and are claimed; cancellations set <c>spec.cancel</c>; terminal
/// AgentTasks are reported once and marked <c>status.reportedToOz</c>. It never talks to the
/// controller: both meet only in AgentTask resources. Reads come from the AgentTask cache.
/// </summary>
/// <remarks>
/// Each message is handled in its span (<see cref="OperatorTracing.StartOzMessageActivity"/>) and in
/// the task's log scope; an AgentTask created from an assignment carries that span's trace context
/// (<see cref="OperatorTracing.TraceParentAnnotation"/>), so its reconciles and its report link back to it.
/// Every environment value of an assignment is registered with the <see cref="SecretRedactor"/>
/// before anything else happens to it, so no log line can carry it.
/// </remarks>
public sealed partial class OzMessageHandler
{
    private readonly IAgentTaskStore _store;
    private readonly IObjectCache<AgentTask> _cache;
    private readonly OperatorOptions _options;
    private readonly OzMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SecretRedactor? _redactor;
    private readonly TaskEventRecorder? _events;

    // AgentTasks created by this bridge that the cache does not show yet.
    private readonly CreatedTasks _created;
    private readonly AgentTaskCreation _creation;

    /// <summary>Reason of the Warning Event for server variables whose names cannot be passed on.</summary>
    public const string InvalidEnvNamesReason = "InvalidEnvVarNames";

    public OzMessageHandler(
        IAgentTaskStore store,
        IObjectCache<AgentTask> cache,
        OperatorOptions options,
        RejectedTasks rejected,
        OzMetrics metrics,
        ILogger<OzMessageHandler> logger,
        SecretRedactor? redactor = null,
        TaskEventRecorder? events = null)
    {
        _store = store;
        _cache = cache;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _redactor = redactor;
        _events = events;
        _created = new CreatedTasks(cache);
        _creation = new AgentTaskCreation(store, rejected, _created, logger);
    }

    /// <summary>Handles one message from Oz, in its span. Only a lost connection or cancellation escapes.</summary>
    public async Task HandleAsync(OzIncomingMessage message, IOzSender sender, CancellationToken cancellationToken)
    {
        if (message is UnknownMessage { Type: OzMessageTypes.Heartbeat })
        {
            // Liveness only: a span per heartbeat would bury the tasks' spans.
            return;
        }

        if (message is AssignmentMessage assignment)
        {
            // First of all: from here on no log line (ours or a library's) can show these values,
            // neither as sent nor base64-encoded as they sit in the Secret's data.
            // Kept while the AgentTask lives (TaskRedactionCleanup forgets them with it).
            var owner = RedactorOwnerOf(assignment);
            foreach (var value in SecretValues(assignment.Assignment))
            {
                _redactor?.Register(owner, value);
                _redactor?.Register(owner, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)));
            }
        }

        var (type, taskId) = Describe(message);
        using var activity = OperatorTracing.StartOzMessageActivity(type, taskId);
        using var scope = taskId is null ? null : _logger.BeginTaskScope(taskId);
        try
        {
            await DispatchAsync(message, sender, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.AddException(e);
            throw;
        }
    }

    /// <summary>The message's type and the Oz task it is about (null when it is about none).</summary>
    internal static (string Type, string? TaskId) Describe(OzIncomingMessage message) => message switch
    {
        AssignmentMessage assignment => (OzMessageTypes.TaskAssignment, assignment.TaskId),
        CancellationMessage cancellation => (OzMessageTypes.TaskCancellation, cancellation.TaskId),
        MalformedMessage malformed => (malformed.Type ?? "malformed", malformed.TaskId),
        UnknownMessage unknown => (unknown.Type, null),
        _ => (message.GetType().Name, null),
    };

    private Task DispatchAsync(OzIncomingMessage message, IOzSender sender, CancellationToken cancellationToken) => message switch
    {
        AssignmentMessage assignment => HandleAssignmentAsync(assignment, sender, cancellationToken),
        CancellationMessage cancellation => HandleCancellationAsync(cancellation.TaskId, cancellationToken),
        MalformedMessage malformed => HandleMalformedAsync(malformed, sender, cancellationToken),
        UnknownMessage { Type: OzMessageTypes.Heartbeat } => Task.CompletedTask,
        UnknownMessage unknown => LogUnknown(unknown),
        _ => Task.CompletedTask,
    };

    private async Task HandleAssignmentAsync(AssignmentMessage message, IOzSender sender, CancellationToken cancellationToken)
    {
        var taskId = message.TaskId;
        var mapping = TaskAssignmentMapper.Map(message.Assignment, _options);
        if (!mapping.IsValid)
        {
            _logger.LogWarning("Rejecting invalid assignment of task {TaskId}: {Error}", taskId, mapping.Error);
            ForgetRejected(message);
            await RejectAsync(taskId, $"invalid task assignment: {mapping.Error}", AssignmentResults.Invalid, sender, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (mapping.SkippedEnvNames.Count > 0)
        {
            _logger.LogWarning(
                "Task {TaskId}: environment variables {Names} are not valid Secret keys and were left out",
                taskId,
                string.Join(", ", mapping.SkippedEnvNames));
        }

        var desired = mapping.Task!;
        var key = ObjectKey.Of(desired);
        Activity.Current?.SetTag(OperatorTracing.ExecutionIdAttribute, desired.Spec.ExecutionId);
        Activity.Current?.SetTag(OperatorTracing.NamespaceAttribute, key.Namespace);
        Activity.Current?.SetTag(OperatorTracing.AgentTaskAttribute, key.Name);

        // Only a newly created AgentTask keeps it (an existing one is never changed), so its reconciles
        // link to the message that made it, also in another replica or after a restart.
        OperatorTracing.AnnotateTraceParent(desired.Metadata.Annotations ??= new Dictionary<string, string>());
        var known = _cache.Get(key) is not null || _created.Contains(key);
        if (!known && WorkerCapacity.IsFull(_cache.ByIndex(AgentTaskIndexes.UnfinishedByNamespace, _options.Namespace), _created.NotYetCached(), _options))
        {
            _logger.LogInformation("Rejecting task {TaskId}: {Max} tasks are already active", taskId, _options.MaxConcurrentTasks);
            ForgetRejected(message);
            await RejectAsync(taskId, TaskRejected.AtCapacity, AssignmentResults.Rejected, sender, cancellationToken).ConfigureAwait(false);
            return;
        }

        string? failure;
        try
        {
            failure = await _creation.CreateAsync(desired, mapping.Secret, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not create the AgentTask of task {TaskId}", taskId);
            failure = $"worker could not create the task ({e.GetType().Name})";
        }

        if (failure is not null)
        {
            ForgetRejected(message);
            await RejectAsync(taskId, failure, AssignmentResults.Rejected, sender, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (mapping.SkippedEnvNames.Count > 0)
        {
            // Names only: a value never leaves the Secret.
            _events?.Record(desired, new TaskEvent(
                TaskEvent.Warning,
                InvalidEnvNamesReason,
                "Create",
                $"Environment variables from Oz left out (not valid variable names): {string.Join(", ", mapping.SkippedEnvNames)}"), cancellationToken);
        }

        await sender.SendAsync(new TaskClaimed(taskId, _options.WorkerId), cancellationToken).ConfigureAwait(false);
        _metrics.Assignment(AssignmentResults.Claimed);
        _logger.LogInformation(
            "Claimed task {TaskId} execution {ExecutionId} as AgentTask {AgentTask}",
            taskId,
            desired.Spec.ExecutionId,
            key);
    }

    private async Task HandleCancellationAsync(string taskId, CancellationToken cancellationToken)
    {
        var keys = _cache.ListByLabel(TaskLabels.TaskIdHash, KubernetesNames.LabelHash(taskId))
            .Where(t => t.Spec.TaskId == taskId)
            .ToDictionary(ObjectKey.Of, t => (AgentTask?)t);
        foreach (var key in _created.KeysOf(taskId))
        {
            keys.TryAdd(key, null);
        }

        if (keys.Count == 0)
        {
            _logger.LogWarning("Cancellation for task {TaskId}, which this worker does not have", taskId);
            return;
        }

        foreach (var (key, task) in keys)
        {
            if (task?.Status?.Phase?.IsTerminal() == true || task?.Spec.Cancel == true)
            {
                _logger.LogInformation("Cancellation for task {TaskId}: AgentTask {AgentTask} is already finished or cancelled", taskId, key);
                continue;
            }

            try
            {
                await _store.RequestCancelAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Cancellation requested for task {TaskId} (AgentTask {AgentTask})", taskId, key);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Could not cancel AgentTask {AgentTask} of task {TaskId}", key, taskId);
            }
        }
    }

    private async Task HandleMalformedAsync(MalformedMessage message, IOzSender sender, CancellationToken cancellationToken)
    {
        _logger.LogWarning(
            "Malformed {Type} message from Oz (task {TaskId}): {Error}",
            message.Type ?? "(no type)",
            message.TaskId ?? "unknown",
            message.Error);

        // Reject only what may have been an assignment, and never a task this worker already runs:
        // a rejection re-queues the task on the server.
        var mayBeAssignment = message.Type is null or OzMessageTypes.TaskAssignment;
        if (message.TaskId is { } taskId && mayBeAssignment && !HasTask(taskId))
        {
            await RejectAsync(taskId, $"invalid task assignment: {message.Error}", AssignmentResults.Invalid, sender, cancellationToken)
                .ConfigureAwait(false);
        }
        else if (mayBeAssignment)
        {
            _metrics.Assignment(AssignmentResults.Invalid);
        }
    }

    private bool HasTask(string taskId) =>
        _created.KeysOf(taskId).Count > 0
        || _cache.ListByLabel(TaskLabels.TaskIdHash, KubernetesNames.LabelHash(taskId)).Any(t => t.Spec.TaskId == taskId);

    private Task LogUnknown(UnknownMessage message)
    {
        _logger.LogInformation("Ignoring Oz message of unknown type {Type}", message.Type);
        return Task.CompletedTask;
    }

    private async Task RejectAsync(string taskId, string reason, string result, IOzSender sender, CancellationToken cancellationToken)
    {
        await sender.SendAsync(new TaskRejected(taskId, reason), cancellationToken).ConfigureAwait(false);
        _metrics.Assignment(result);
        _metrics.Rejected(result == AssignmentResults.Invalid ? ReferenceWorkerMetrics.RejectInvalid
            : reason == TaskRejected.AtCapacity ? ReferenceWorkerMetrics.RejectAtCapacity
            : ReferenceWorkerMetrics.RejectCreateFailed);
    }

    /// <summary>
    /// A rejected assignment leaves no AgentTask whose deletion would make the redactor forget its
    /// values: forget them now, unless an AgentTask of that name lives (a repeated assignment).
    /// </summary>
    private void ForgetRejected(AssignmentMessage message)
    {
        if (TaskAssignmentMapper.AgentTaskNameOf(message.Assignment) is { } name)
        {
            var key = new ObjectKey(_options.Namespace, name);
            if (_cache.Get(key) is null && !_created.Contains(key))
            {
                _redactor?.Forget(TaskSecretAccessCheck.RedactorOwner(key));
            }
        }
    }

    private string RedactorOwnerOf(AssignmentMessage message) =>
        TaskAssignmentMapper.AgentTaskNameOf(message.Assignment) is { } name
            ? TaskSecretAccessCheck.RedactorOwner(new ObjectKey(_options.Namespace, name))
            : "";

    /// <summary>
    /// Values of an assignment that must never show: every env value, the MCP configuration as a
    /// whole and every string in it that is not a plain name (env values, headers, URLs with tokens).
    /// </summary>
    internal static IEnumerable<string> SecretValues(TaskAssignment assignment)
    {
        foreach (var value in assignment.EnvVars?.Values ?? [])
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return value;
            }
        }

        if (AgentArgs.McpServersJson(assignment.Task?.AgentConfigSnapshot) is { } mcp)
        {
            yield return mcp;
            foreach (var value in McpStrings(assignment.Task!.AgentConfigSnapshot!.McpServers!.Value))
            {
                yield return value;
            }
        }
    }

    private static IEnumerable<string> McpStrings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => McpStrings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(McpStrings),
        // "Bearer <token>", "token=<token>": the token alone shows up in logs too.
        JsonValueKind.String when element.GetString() is { } text =>
            text.Split([' ', '=', ':'], StringSplitOptions.RemoveEmptyEntries).Prepend(text).Distinct().Where(part => !McpPlainWord().IsMatch(part)),
        _ => [],
    };

    /// <summary>A command, an argument flag or a server name: short words that hold no secret and appear in every log.</summary>
    [GeneratedRegex("^-{0,2}[A-Za-z][A-Za-z0-9_.-]{0,11}$")]
    private static partial Regex McpPlainWord();

}
