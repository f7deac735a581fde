using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Tasks;
using Oz.Operator.Tasks.Security;
using Oz.Operator.Telemetry.Logging;
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
public sealed class OzTaskBridge
{
    private const string RemovingEarlierAttempt = "worker is still removing an earlier attempt of the task";

    private readonly IAgentTaskStore _store;
    private readonly IObjectCache<AgentTask> _cache;
    private readonly OperatorOptions _options;
    private readonly OzConnectionOptions _connectionOptions;
    private readonly OzMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SecretRedactor? _redactor;

    // Keys whose result may need reporting, de-duplicated so a burst of changes queues a key once.
    private readonly Channel<ObjectKey> _reportQueue = Channel.CreateUnbounded<ObjectKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ObjectKey, byte> _queued = new();

    // Reports sent whose reportedToOz the cache does not show yet (key → uid): not sent twice by this process.
    private readonly ConcurrentDictionary<ObjectKey, string> _sent = new();

    // AgentTasks created by this bridge that the cache has not shown yet (key → task id).
    private readonly ConcurrentDictionary<ObjectKey, string> _created = new();

    // AgentTasks this bridge created and then rejected (key → uid): the rejection was their answer,
    // so the cancellation the controller writes while deleting them is recorded, never reported.
    private readonly ConcurrentDictionary<ObjectKey, string> _rejected = new();

    public OzTaskBridge(
        IAgentTaskStore store,
        IObjectCache<AgentTask> cache,
        OperatorOptions options,
        OzConnectionOptions connectionOptions,
        OzMetrics metrics,
        ILogger<OzTaskBridge> logger,
        SecretRedactor? redactor = null)
    {
        _store = store;
        _cache = cache;
        _options = options;
        _connectionOptions = connectionOptions;
        _metrics = metrics;
        _logger = logger;
        _redactor = redactor;
    }

    /// <summary>
    /// Called for every AgentTask add/update seen by the shared watch (the host wires this to the
    /// informer's change events): terminal, unreported tasks are queued for reporting. No polling.
    /// </summary>
    public void NotifyAgentTaskChanged(ObjectKey key)
    {
        if (_queued.TryAdd(key, 0))
        {
            _reportQueue.Writer.TryWrite(key);
        }
    }

    /// <summary>
    /// The handler to add to the (shared) AgentTask informer, so that cache changes drive reporting:
    /// <c>informer.AddEventHandler(bridge.ChangeHandler())</c>.
    /// </summary>
    public IResourceEventHandler<AgentTask> ChangeHandler() => new ResourceEventHandler<AgentTask>(
        onAdd: task => NotifyAgentTaskChanged(ObjectKey.Of(task)),
        onUpdate: (_, task) => NotifyAgentTaskChanged(ObjectKey.Of(task)));

    /// <summary>Handles one message from Oz, in its span. Only a lost connection or cancellation escapes.</summary>
    public async Task HandleAsync(OzIncomingMessage message, IOzSender sender, CancellationToken cancellationToken)
    {
        if (message is UnknownMessage { Type: OzMessageTypes.Heartbeat })
        {
            // Liveness only: a span per heartbeat would bury the tasks' spans.
            return;
        }

        if (message is AssignmentMessage { Assignment.EnvVars: { } env } assignment)
        {
            // First of all: from here on no log line (ours or a library's) can show these values,
            // neither as sent nor base64-encoded as they sit in the Secret's data.
            // Kept while the AgentTask lives (TaskRedactionCleanup forgets them with it).
            var owner = TaskAssignmentMapper.AgentTaskNameOf(assignment.Assignment) is { } name
                ? TaskSecretAccessCheck.RedactorOwner(new ObjectKey(_options.Namespace, name))
                : "";
            foreach (var value in env.Values)
            {
                _redactor?.Register(owner, value);
                _redactor?.Register(owner, value is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)));
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

    /// <summary>
    /// Sends every due report while this connection lasts: first all that are due now (so reports
    /// missed while disconnected or before a restart go out), then each as the cache changes.
    /// </summary>
    public async Task RunReportingAsync(IOzSender sender, CancellationToken cancellationToken)
    {
        foreach (var task in _cache.List())
        {
            if (TaskReport.IsDue(task))
            {
                NotifyAgentTaskChanged(ObjectKey.Of(task));
            }
        }

        await foreach (var key in _reportQueue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            _queued.TryRemove(key, out _);
            await ReportAsync(key, sender, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAssignmentAsync(AssignmentMessage message, IOzSender sender, CancellationToken cancellationToken)
    {
        var taskId = message.TaskId;
        var mapping = TaskAssignmentMapper.Map(message.Assignment, _options);
        if (!mapping.IsValid)
        {
            _logger.LogWarning("Rejecting invalid assignment of task {TaskId}: {Error}", taskId, mapping.Error);
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
        var known = _cache.Get(key) is not null || _created.ContainsKey(key);
        if (!known && AtCapacity())
        {
            _logger.LogInformation("Rejecting task {TaskId}: {Max} tasks are already active", taskId, _options.MaxConcurrentTasks);
            await RejectAsync(taskId, TaskRejected.AtCapacity, AssignmentResults.Rejected, sender, cancellationToken).ConfigureAwait(false);
            return;
        }

        string? failure;
        try
        {
            failure = await CreateAsync(desired, mapping.Secret, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not create the AgentTask of task {TaskId}", taskId);
            failure = $"worker could not create the task ({e.GetType().Name})";
        }

        if (failure is not null)
        {
            await RejectAsync(taskId, failure, AssignmentResults.Rejected, sender, cancellationToken).ConfigureAwait(false);
            return;
        }

        await sender.SendAsync(new TaskClaimed(taskId, _options.WorkerId), cancellationToken).ConfigureAwait(false);
        _metrics.Assignment(AssignmentResults.Claimed);
        _logger.LogInformation(
            "Claimed task {TaskId} execution {ExecutionId} as AgentTask {AgentTask}",
            taskId,
            desired.Spec.ExecutionId,
            key);
    }

    /// <summary>
    /// Creates the AgentTask, gated (<see cref="StartGate"/>) when it has an env Secret, then the
    /// Secret owned by it, then opens the gate: the Job never starts before its Secret exists. A
    /// redelivered assignment finds the task and finishes what an earlier attempt left undone.
    /// Returns a rejection reason, or null on success. When the Secret or the gate fails, the
    /// AgentTask made by this attempt is discarded before the exception goes on to be a rejection.
    /// </summary>
    private async Task<string?> CreateAsync(AgentTask desired, V1Secret? secret, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(desired);
        if (secret is not null)
        {
            (desired.Metadata.Annotations ??= new Dictionary<string, string>())[StartGate.Annotation] = StartGate.EnvSecret;
        }

        var actual = await _store.CreateAgentTaskAsync(desired, cancellationToken).ConfigureAwait(false);
        var created = actual is not null;
        if (actual is null)
        {
            // Already there: the same execution assigned again (the server re-sends until it sees a claim).
            actual = await _store.GetAgentTaskAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            if (actual is null)
            {
                return "worker could not create the task (it was deleted while being created)";
            }

            if (actual.Spec.TaskId != desired.Spec.TaskId || actual.Spec.ExecutionId != desired.Spec.ExecutionId)
            {
                _logger.LogError(
                    "AgentTask {AgentTask} belongs to task {OtherTaskId}/{OtherExecutionId}, not {TaskId}/{ExecutionId}",
                    key,
                    actual.Spec.TaskId,
                    actual.Spec.ExecutionId,
                    desired.Spec.TaskId,
                    desired.Spec.ExecutionId);
                return "worker has a different task under the same name";
            }

            if (actual.Metadata.DeletionTimestamp is not null)
            {
                // An earlier attempt's task on its way out (a rejected one, held by the controller's
                // finalizer): finishing it would claim a task that is about to be cancelled. Once it
                // is gone the next redelivery creates the task afresh.
                _logger.LogInformation("AgentTask {AgentTask} of task {TaskId} is still being deleted; rejecting the assignment until it is gone", key, desired.Spec.TaskId);
                return RemovingEarlierAttempt;
            }

            if (WasRejected(actual))
            {
                // The leftover of a rejection whose delete failed: its answer went out already, and
                // claiming it would leave a task whose result is never reported. Remove it instead.
                _logger.LogInformation("AgentTask {AgentTask} of task {TaskId} was left by an earlier rejection; removing it", key, desired.Spec.TaskId);
                await DiscardAsync(actual, cancellationToken).ConfigureAwait(false);
                return RemovingEarlierAttempt;
            }
        }
        else
        {
            _created[key] = desired.Spec.TaskId!;
            _rejected.TryRemove(key, out _);
        }

        if (secret is null)
        {
            return null;
        }

        try
        {
            secret.Metadata.OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = AgentTask.GroupVersion,
                    Kind = AgentTask.KindName,
                    Name = actual.Metadata.Name,
                    Uid = actual.Metadata.Uid ?? throw new InvalidOperationException($"AgentTask {key} has no uid"),
                    Controller = true,
                },
            ];
            await _store.CreateSecretAsync(secret, cancellationToken).ConfigureAwait(false);
            if (StartGate.Of(actual) is not null)
            {
                await _store.OpenStartGateAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (created && e is not OperationCanceledException)
        {
            // The assignment is rejected (by the caller), so the gated task made here must go: left
            // alone it would fail at the gate timeout and be reported to Oz after the rejection.
            // Only this attempt's own task: one found existing may be running for an earlier claim.
            await DiscardAsync(actual, cancellationToken).ConfigureAwait(false);
            throw;
        }

        return null;
    }

    /// <summary>
    /// An existing AgentTask this bridge (this process or an earlier one) created and then rejected:
    /// reportedToOz is set on a result only once it is terminal, so on an unfinished task, or on
    /// one that never got past its start gate (a claimed task is never gated), it is a rejection's mark.
    /// </summary>
    private bool WasRejected(AgentTask task) =>
        (_rejected.TryGetValue(ObjectKey.Of(task), out var uid) && uid == task.Metadata.Uid)
        || (task.Status?.ReportedToOz == true && (StartGate.Of(task) is not null || task.Status.Phase?.IsTerminal() != true));

    /// <summary>
    /// Removes an AgentTask whose assignment is rejected. First it is recorded as answered
    /// (reportedToOz): the controller turns a deleted task into a Cancelled one, which would
    /// otherwise be reported — also by a restarted or new leader, hence on the task, not only in
    /// memory. Then it is deleted, by uid (a newer task of that name is never touched). Failures are
    /// logged, never thrown: the rejection goes out regardless, and a task whose delete failed stays
    /// held at its start gate, unreported, until a redelivered assignment removes it.
    /// </summary>
    private async Task DiscardAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(task);
        _created.TryRemove(key, out _);
        if (task.Metadata.Uid is not { } uid)
        {
            return;
        }

        _rejected[key] = uid;
        if (task.Status?.ReportedToOz != true)
        {
            try
            {
                await _store.MarkReportedAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning(e, "Could not record AgentTask {AgentTask} as answered by its rejection; deleting it anyway", key);
            }
        }

        try
        {
            if (await _store.DeleteAgentTaskAsync(key.Namespace, key.Name, uid, cancellationToken).ConfigureAwait(false))
            {
                _logger.LogInformation("Deleted AgentTask {AgentTask} of rejected task {TaskId}", key, task.Spec.TaskId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(
                e,
                "Could not delete AgentTask {AgentTask} of rejected task {TaskId}; it stays held at its start gate and unreported until a redelivered assignment removes it",
                key,
                task.Spec.TaskId);
        }
    }

    private bool AtCapacity()
    {
        if (_options.MaxConcurrentTasks <= 0)
        {
            return false;
        }

        var active = _cache.List()
            .Where(t => t.Metadata.NamespaceProperty == _options.Namespace && t.Status?.Phase?.IsTerminal() != true)
            .Select(ObjectKey.Of)
            .ToHashSet();
        foreach (var key in _created.Keys)
        {
            if (_cache.Get(key) is not null)
            {
                _created.TryRemove(key, out _);
            }
            else
            {
                active.Add(key);
            }
        }

        return active.Count >= _options.MaxConcurrentTasks;
    }

    private async Task HandleCancellationAsync(string taskId, CancellationToken cancellationToken)
    {
        var keys = _cache.ListByLabel(OzLabels.TaskIdHash, KubernetesNames.LabelHash(taskId))
            .Where(t => t.Spec.TaskId == taskId)
            .ToDictionary(ObjectKey.Of, t => (AgentTask?)t);
        foreach (var (key, createdTaskId) in _created)
        {
            if (createdTaskId == taskId)
            {
                keys.TryAdd(key, null);
            }
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
        _created.Values.Contains(taskId)
        || _cache.ListByLabel(OzLabels.TaskIdHash, KubernetesNames.LabelHash(taskId)).Any(t => t.Spec.TaskId == taskId);

    private Task LogUnknown(UnknownMessage message)
    {
        _logger.LogInformation("Ignoring Oz message of unknown type {Type}", message.Type);
        return Task.CompletedTask;
    }

    private async Task RejectAsync(string taskId, string reason, string result, IOzSender sender, CancellationToken cancellationToken)
    {
        await sender.SendAsync(new TaskRejected(taskId, reason), cancellationToken).ConfigureAwait(false);
        _metrics.Assignment(result);
    }

    private async Task ReportAsync(ObjectKey key, IOzSender sender, CancellationToken cancellationToken)
    {
        var task = _cache.Get(key);
        if (task is null || task.Status?.ReportedToOz == true)
        {
            _sent.TryRemove(key, out _);
            if (task is null)
            {
                _rejected.TryRemove(key, out _);
            }

            return;
        }

        if (!TaskReport.IsDue(task))
        {
            return;
        }

        using var scope = _logger.BeginTaskScope(key, task);

        var uid = task.Metadata.Uid ?? "";
        if (_rejected.TryGetValue(key, out var rejectedUid) && rejectedUid == uid)
        {
            // Rejected after it was created: the rejection was its answer. Only the record is owed.
            _logger.LogDebug("AgentTask {AgentTask} was rejected to Oz; recording it as answered, not reporting it", key);
        }
        else if (!(_sent.TryGetValue(key, out var sentUid) && sentUid == uid))
        {
            var report = TaskReport.For(task);
            using var activity = OperatorTracing.StartOzMessageActivity(report.Type, task.Spec.TaskId, ActivityKind.Producer, OperatorTracing.OriginLinks(task));
            activity?.SetTag(OperatorTracing.NamespaceAttribute, key.Namespace);
            activity?.SetTag(OperatorTracing.AgentTaskAttribute, key.Name);
            await sender.SendAsync(report, cancellationToken).ConfigureAwait(false);
            _sent[key] = uid;
            _metrics.Report(report.Type);
            _logger.LogInformation("Reported {Type} for task {TaskId} (AgentTask {AgentTask})", report.Type, task.Spec.TaskId, key);
        }

        try
        {
            await _store.MarkReportedAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The report went out; only the record failed. Retry the record (not the report) later.
            _logger.LogWarning(e, "Could not record the report of AgentTask {AgentTask}; retrying in {Delay}", key, _connectionOptions.ReportRetryDelay);
            _ = RequeueLaterAsync(key, cancellationToken);
        }
    }

    private async Task RequeueLaterAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_connectionOptions.ReportRetryDelay, cancellationToken).ConfigureAwait(false);
            NotifyAgentTaskChanged(key);
        }
        catch (OperationCanceledException)
        {
            // The connection ended; the scan on the next connect picks the task up again.
        }
    }
}
