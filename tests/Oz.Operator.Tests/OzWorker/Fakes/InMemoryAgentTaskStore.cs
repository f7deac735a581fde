using System.Globalization;
using k8s.Autorest;
using Oz.Operator.OzWorker.Bridge;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// The cluster as the bridge sees it, in memory: the store it writes to and the cache it reads,
/// kept consistent (a write is visible in the cache at once and raises <see cref="Changed"/>, like
/// a watch event). Objects are copied on the way in and out, as over the wire. Faults can be injected.
/// </summary>
public sealed class InMemoryAgentTaskStore : IAgentTaskStore, IObjectCache<AgentTask>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, AgentTask> _tasks = [];
    private readonly Dictionary<ObjectKey, V1Secret> _secrets = [];
    private int _uid;
    private volatile bool _hasSynced = true;
    private int _hasSyncedReads;

    /// <summary>Raised after every change of an AgentTask, like an informer's event handler.</summary>
    public event Action<ObjectKey>? Changed;

    public bool HasSynced
    {
        get
        {
            Interlocked.Increment(ref _hasSyncedReads);
            return _hasSynced;
        }

        set => _hasSynced = value;
    }

    /// <summary>How often <see cref="HasSynced"/> was read: a reader waiting for the sync polls it.</summary>
    public int HasSyncedReads => Volatile.Read(ref _hasSyncedReads);

    /// <summary>Number of AgentTask create calls (including AlreadyExists ones).</summary>
    public int AgentTaskCreateCalls { get; private set; }

    /// <summary>Status code thrown by the next <paramref name="count"/> AgentTask creates.</summary>
    public void FailNextAgentTaskCreates(int count, HttpStatusCode status = HttpStatusCode.InternalServerError) =>
        _failCreates = (count, status);

    /// <summary>The next <paramref name="count"/> Secret creates fail with 500.</summary>
    public void FailNextSecretCreates(int count) => _failSecretCreates = count;

    /// <summary>The next <paramref name="count"/> start gate patches fail with 500.</summary>
    public void FailNextStartGateOpens(int count) => _failGateOpens = count;

    /// <summary>The next <paramref name="count"/> AgentTask deletes fail with 500.</summary>
    public void FailNextAgentTaskDeletes(int count) => _failDeletes = count;

    /// <summary>
    /// Plays the controller holding its finalizer (which the bridge sets at create): a delete only
    /// marks the task terminating (deletionTimestamp) until <see cref="FinishDeletion"/>. Off, the
    /// controller is taken to let go at once, as it does for a task without a Job whose result
    /// needs no report, so a delete removes the task.
    /// </summary>
    public bool FinalizeCreatedTasks { get; set; }

    /// <summary>The number of AgentTask deletes that found their task.</summary>
    public int AgentTaskDeletes { get; private set; }

    /// <summary>The next <paramref name="count"/> status patches fail.</summary>
    public void FailNextMarkReported(int count) => _failMarks = count;

    /// <summary>The next <paramref name="count"/> cache reads by key throw, like a bug in the caller's path.</summary>
    public void FailNextCacheGets(int count) => _failGets = count;

    private (int Count, HttpStatusCode Status) _failCreates;
    private int _failMarks;
    private int _failSecretCreates;
    private int _failGets;
    private int _failGateOpens;
    private int _failDeletes;

    public IReadOnlyList<V1Secret> Secrets
    {
        get
        {
            lock (_lock)
            {
                return [.. _secrets.Values.Select(Copy)];
            }
        }
    }

    public Task<AgentTask?> CreateAgentTaskAsync(AgentTask task, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            AgentTaskCreateCalls++;
            if (_failCreates.Count > 0)
            {
                _failCreates.Count--;
                throw HttpError(_failCreates.Status);
            }

            var key = ObjectKey.Of(task);
            if (_tasks.ContainsKey(key))
            {
                return Task.FromResult<AgentTask?>(null);
            }

            var stored = Copy(task);
            stored.Metadata.Uid = $"uid-{++_uid}";
            stored.Metadata.ResourceVersion = "1";
            stored.Metadata.CreationTimestamp = DateTime.UtcNow;
            stored.Status = null;

            _tasks[key] = stored;
            Raise(key);
            return Task.FromResult<AgentTask?>(Copy(stored));
        }
    }

    public Task<AgentTask?> GetAgentTaskAsync(string ns, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_tasks.TryGetValue(new ObjectKey(ns, name), out var t) ? Copy(t) : null);
        }
    }

    public Task<bool> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failSecretCreates > 0)
            {
                _failSecretCreates--;
                throw HttpError(HttpStatusCode.InternalServerError);
            }

            var key = new ObjectKey(secret.Metadata.NamespaceProperty, secret.Metadata.Name);
            if (_secrets.ContainsKey(key))
            {
                return Task.FromResult(false);
            }

            _secrets[key] = Copy(secret);
            return Task.FromResult(true);
        }
    }

    public Task OpenStartGateAsync(string ns, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failGateOpens > 0)
            {
                _failGateOpens--;
                throw HttpError(HttpStatusCode.InternalServerError);
            }
        }

        Update(new ObjectKey(ns, name), t => t.Metadata.Annotations?.Remove(StartGate.Annotation));
        return Task.CompletedTask;
    }

    public Task<bool> DeleteAgentTaskAsync(string ns, string name, string uid, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(ns, name);
        lock (_lock)
        {
            if (_failDeletes > 0)
            {
                _failDeletes--;
                throw HttpError(HttpStatusCode.InternalServerError);
            }

            if (!_tasks.TryGetValue(key, out var task) || task.Metadata.Uid != uid)
            {
                return Task.FromResult(false);
            }

            AgentTaskDeletes++;
            if (!FinalizeCreatedTasks || task.Metadata.Finalizers is not { Count: > 0 })
            {
                _tasks.Remove(key);
                Raise(key);
                return Task.FromResult(true);
            }
        }

        Update(key, t => t.Metadata.DeletionTimestamp ??= DateTime.UtcNow);
        return Task.FromResult(true);
    }

    /// <summary>Plays the controller removing its finalizer from a terminating task: the task goes.</summary>
    public void FinishDeletion(ObjectKey key)
    {
        lock (_lock)
        {
            if (_tasks.TryGetValue(key, out var task) && task.Metadata.DeletionTimestamp is not null)
            {
                _tasks.Remove(key);
                Raise(key);
            }
        }
    }

    public Task RequestCancelAsync(string ns, string name, CancellationToken cancellationToken)
    {
        Update(new ObjectKey(ns, name), t => t.Spec.Cancel = true);
        return Task.CompletedTask;
    }

    public Task MarkReportedAsync(string ns, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failMarks > 0)
            {
                _failMarks--;
                throw HttpError(HttpStatusCode.ServiceUnavailable);
            }
        }

        Update(new ObjectKey(ns, name), t => (t.Status ??= new AgentTaskStatus()).ReportedToOz = true);
        return Task.CompletedTask;
    }

    /// <summary>Plays the controller: moves a task to a phase, as its status update would.</summary>
    public void SetStatus(ObjectKey key, AgentTaskPhase phase, FailureReason? reason = null, int? exitCode = null, string? message = null) =>
        Update(key, t =>
        {
            t.Status ??= new AgentTaskStatus();
            t.Status.Phase = phase;
            t.Status.Reason = reason;
            t.Status.ExitCode = exitCode;
            t.Status.Message = message;
        });

    /// <summary>Adds an object directly (as if made by kubectl or by an earlier run of the operator).</summary>
    public AgentTask Put(AgentTask task)
    {
        lock (_lock)
        {
            var stored = Copy(task);
            stored.Metadata.Uid ??= $"uid-{++_uid}";
            var key = ObjectKey.Of(stored);
            _tasks[key] = stored;
            Raise(key);
            return Copy(stored);
        }
    }

    public AgentTask? Get(ObjectKey key)
    {
        lock (_lock)
        {
            if (_failGets > 0)
            {
                _failGets--;
                throw new InvalidOperationException("injected cache failure");
            }

            return _tasks.TryGetValue(key, out var t) ? Copy(t) : null;
        }
    }

    public IReadOnlyList<AgentTask> List()
    {
        lock (_lock)
        {
            return [.. _tasks.Values.Select(Copy)];
        }
    }

    public IReadOnlyList<AgentTask> ByIndex(string indexName, string indexedValue)
    {
        var values = AgentTaskIndexes.Indexers[indexName];
        lock (_lock)
        {
            return [.. _tasks.Values.Where(t => values(t).Contains(indexedValue)).Select(Copy)];
        }
    }

    public IReadOnlyList<AgentTask> ListByLabel(string labelKey, string labelValue)
    {
        lock (_lock)
        {
            return [.. _tasks.Values.Where(t => t.Metadata.Labels?.TryGetValue(labelKey, out var v) == true && v == labelValue).Select(Copy)];
        }
    }

    private void Update(ObjectKey key, Action<AgentTask> change)
    {
        lock (_lock)
        {
            if (!_tasks.TryGetValue(key, out var task))
            {
                throw HttpError(HttpStatusCode.NotFound);
            }

            change(task);
            task.Metadata.ResourceVersion = (int.Parse(task.Metadata.ResourceVersion ?? "0", CultureInfo.InvariantCulture) + 1)
                .ToString(CultureInfo.InvariantCulture);
            Raise(key);
        }
    }

    private void Raise(ObjectKey key) => Changed?.Invoke(key);

    private static HttpOperationException HttpError(HttpStatusCode status) => new($"fake API error {(int)status}")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status), ""),
    };

    private static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
