using k8s.Autorest;

namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>
/// An API server in memory for the reconciler: writes land in the caches at once (an instant
/// watch), and every call is recorded for assertions.
/// </summary>
internal sealed class FakeTaskCluster : ITaskClusterClient
{
    private int resourceVersion = 100;

    public FakeCache<AgentTask> Tasks { get; } = new();

    public FakeCache<V1Job> Jobs { get; } = new();

    public FakeCache<V1Pod> Pods { get; } = new();

    /// <summary>Jobs the API server has but the Job cache does not show (yet).</summary>
    public Dictionary<ObjectKey, V1Job> JobsOnlyOnServer { get; } = [];

    /// <summary>Deleted Jobs stay in the cache with a deletionTimestamp until <see cref="FinishJobDeletions"/>.</summary>
    public bool GradualJobDeletion { get; set; }

    /// <summary>Every status write fails with 409 Conflict (someone else wrote first).</summary>
    public bool RejectStatusWrites { get; set; }

    public List<V1Job> CreatedJobs { get; } = [];

    public List<string> DeletedJobs { get; } = [];

    public List<AgentTaskStatus> StatusWrites { get; } = [];

    public List<(string Task, TaskEvent Event)> Events { get; } = [];

    public List<string> DeletedTasks { get; } = [];

    public List<Corev1Event> CoreEvents { get; } = [];

    public Dictionary<string, string> Logs { get; } = [];

    /// <summary>While set, every Job create fails with this (a refusal, a 503…).</summary>
    public Exception? JobCreateError { get; set; }

    /// <summary>UID preconditions of the Job deletes, in order (null: none sent).</summary>
    public List<string?> DeletedJobUids { get; } = [];

    public Task<V1Job?> CreateJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        if (JobCreateError is { } error)
        {
            throw error;
        }

        var key = ObjectKey.Of(job);
        if (Jobs.Get(key) is not null || JobsOnlyOnServer.ContainsKey(key))
        {
            return Task.FromResult<V1Job?>(null);
        }

        job.Metadata.Uid = "uid-" + job.Metadata.Name;
        job.Metadata.CreationTimestamp = Fixtures.T0;
        CreatedJobs.Add(job);
        Jobs.Put(job);
        return Task.FromResult<V1Job?>(job);
    }

    public Task<V1Job?> ReadJobAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(@namespace, name);
        return Task.FromResult(Jobs.Get(key) ?? JobsOnlyOnServer.GetValueOrDefault(key));
    }

    public Task DeleteJobAsync(string @namespace, string name, string? uid, CancellationToken cancellationToken)
    {
        var key = new ObjectKey(@namespace, name);
        DeletedJobUids.Add(uid);
        var existing = Jobs.Get(key) ?? JobsOnlyOnServer.GetValueOrDefault(key);
        if (uid is not null && existing is not null && existing.Metadata.Uid != uid)
        {
            // The precondition fails (409), which the real client takes as gone.
            return Task.CompletedTask;
        }

        DeletedJobs.Add(name);
        JobsOnlyOnServer.Remove(key);
        if (GradualJobDeletion && Jobs.Get(key) is { } job)
        {
            job.Metadata.DeletionTimestamp = Fixtures.T0;
        }
        else
        {
            Jobs.Remove(key);
        }

        return Task.CompletedTask;
    }

    public void FinishJobDeletions()
    {
        foreach (var job in Jobs.List().Where(j => j.Metadata.DeletionTimestamp is not null))
        {
            Jobs.Remove(ObjectKey.Of(job));
        }
    }

    public Task<AgentTask> PatchStatusAsync(AgentTask task, AgentTaskStatus status, CancellationToken cancellationToken)
    {
        var stored = Stored(task);
        if (RejectStatusWrites)
        {
            throw Http(HttpStatusCode.Conflict);
        }

        StatusWrites.Add(status);
        var updated = Copy(stored);
        updated.Status = Copy(status);
        updated.Status.ReportedToOz = stored.Status?.ReportedToOz;
        return Task.FromResult(Save(updated));
    }

    /// <summary>Records reportedToOz on the stored task, as the Oz bridge's status patch does.</summary>
    public void MarkReported(ObjectKey key)
    {
        var updated = Copy(Tasks.Get(key) ?? throw Http(HttpStatusCode.NotFound));
        updated.Status ??= new AgentTaskStatus();
        updated.Status.ReportedToOz = true;
        Save(updated);
    }

    /// <summary>While set and not completed, finalizer writes wait for it before they land.</summary>
    public TaskCompletionSource? FinalizerGate { get; set; }

    public async Task<AgentTask> SetFinalizersAsync(AgentTask task, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
    {
        if (FinalizerGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return SetFinalizers(task, finalizers);
    }

    private AgentTask SetFinalizers(AgentTask task, IReadOnlyList<string> finalizers)
    {
        var updated = Copy(Stored(task));
        updated.Metadata.Finalizers = finalizers.ToList();
        if (updated.Metadata.DeletionTimestamp is not null && finalizers.Count == 0)
        {
            DeletedTasks.Add(updated.Metadata.Name);
            Tasks.Remove(ObjectKey.Of(updated));
            return updated;
        }

        return Save(updated);
    }

    public Task DeleteTaskAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var stored = Tasks.Get(ObjectKey.Of(task));
        if (stored is null)
        {
            return Task.CompletedTask;
        }

        if (stored.Metadata.Finalizers is { Count: > 0 })
        {
            var updated = Copy(stored);
            updated.Metadata.DeletionTimestamp = Fixtures.T0;
            Save(updated);
        }
        else
        {
            DeletedTasks.Add(stored.Metadata.Name);
            Tasks.Remove(ObjectKey.Of(stored));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Corev1Event>> ListEventsAsync(string @namespace, string involvedObjectName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Corev1Event>>(CoreEvents.Where(e => e.InvolvedObject.Name == involvedObjectName).ToList());

    public Task<string> ReadLogTailAsync(string @namespace, string pod, string container, int maxBytes, CancellationToken cancellationToken) =>
        Task.FromResult(Logs.GetValueOrDefault(pod + "/" + container, ""));

    /// <summary>While set and not completed, Event writes wait for it (an API server that is slow to answer).</summary>
    public TaskCompletionSource? EventGate { get; set; }

    /// <summary>Every Event write fails (an API server that refuses them).</summary>
    public bool RejectEvents { get; set; }

    private int eventWritesStarted;

    /// <summary>Event writes begun (waiting at <see cref="EventGate"/> or done).</summary>
    public int EventWritesStarted => Volatile.Read(ref eventWritesStarted);

    public async Task EmitEventAsync(IKubernetesObject<V1ObjectMeta> regarding, TaskEvent taskEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref eventWritesStarted);
        if (EventGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (RejectEvents)
        {
            throw Http(HttpStatusCode.InternalServerError);
        }

        // Written by the recorder's background senders, possibly several at once.
        lock (Events)
        {
            Events.Add((regarding.Metadata.Name, taskEvent));
        }
    }

    /// <summary>The stored task, after the resourceVersion precondition a real API server checks.</summary>
    private AgentTask Stored(AgentTask task)
    {
        var stored = Tasks.Get(ObjectKey.Of(task)) ?? throw Http(HttpStatusCode.NotFound);
        if (stored.Metadata.ResourceVersion != task.Metadata.ResourceVersion)
        {
            throw Http(HttpStatusCode.Conflict);
        }

        return stored;
    }

    private AgentTask Save(AgentTask task)
    {
        task.Metadata.ResourceVersion = (++resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Tasks.Put(task);
        return task;
    }

    private static HttpOperationException Http(HttpStatusCode code) =>
        new($"fake API server: {code}") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), "") };

    private static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
