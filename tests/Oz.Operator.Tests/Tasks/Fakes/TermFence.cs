namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>
/// An API server in front of <see cref="FakeTaskCluster"/> that knows when the leadership term ended
/// and records every write that lands after it. Like the real client, a write whose token is
/// cancelled sends nothing, and one in flight is abandoned when its token fires; a write of a
/// gated kind waits at its gate (an API server slow to answer) so the term can end meanwhile.
/// </summary>
internal sealed class TermFence(FakeTaskCluster inner) : ITaskClusterClient
{
    public const string JobCreate = "job create";
    public const string JobDelete = "job delete";
    public const string StatusPatch = "status patch";
    public const string FinalizerPatch = "finalizer patch";
    public const string TaskDelete = "task delete";
    public const string Event = "event";

    private readonly Lock sync = new();
    private readonly Dictionary<string, TaskCompletionSource> gates = [];
    private readonly Dictionary<string, TaskCompletionSource> started = [];
    private readonly List<string> landedAfterTerm = [];
    private readonly List<string> landed = [];
    private readonly List<CancellationToken> gatedTokens = [];
    private bool termEnded;

    /// <summary>Writes that started, or reached the API server, after <see cref="EndTerm"/>.</summary>
    public IReadOnlyList<string> LandedAfterTerm
    {
        get
        {
            lock (sync)
            {
                return [.. landedAfterTerm];
            }
        }
    }

    /// <summary>Every write that reached the API server, in order.</summary>
    public IReadOnlyList<string> Landed
    {
        get
        {
            lock (sync)
            {
                return [.. landed];
            }
        }
    }

    /// <summary>The tokens the writes held at a gate were given.</summary>
    public IReadOnlyList<CancellationToken> GatedTokens
    {
        get
        {
            lock (sync)
            {
                return [.. gatedTokens];
            }
        }
    }

    /// <summary>Writes of <paramref name="kind"/> wait at a gate from now on; the task completes when the first arrives there.</summary>
    public Task GateAsync(string kind)
    {
        lock (sync)
        {
            gates[kind] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            started[kind] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return started[kind].Task;
        }
    }

    /// <summary>
    /// Ends the term: cancels its token and, in the same step, makes every write from now on a
    /// breach of the fence (a write holding the term's token cannot start any more).
    /// </summary>
    public void EndTerm(CancellationTokenSource term)
    {
        lock (sync)
        {
            termEnded = true;
            term.Cancel();
        }
    }

    /// <summary>Opens every gate: a write that ignored its token would land now.</summary>
    public void OpenGates()
    {
        lock (sync)
        {
            foreach (var gate in gates.Values)
            {
                gate.TrySetResult();
            }
        }
    }

    public Task<V1Job?> CreateJobAsync(V1Job job, CancellationToken cancellationToken) =>
        WriteAsync(JobCreate, cancellationToken, () => inner.CreateJobAsync(job, cancellationToken));

    public Task<V1Job?> ReadJobAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        inner.ReadJobAsync(@namespace, name, cancellationToken);

    public Task DeleteJobAsync(string @namespace, string name, string? uid, CancellationToken cancellationToken) =>
        WriteAsync(JobDelete, cancellationToken, async () =>
        {
            await inner.DeleteJobAsync(@namespace, name, uid, cancellationToken);
            return true;
        });

    public Task<AgentTask> PatchStatusAsync(AgentTask task, AgentTaskStatus status, CancellationToken cancellationToken) =>
        WriteAsync(StatusPatch, cancellationToken, () => inner.PatchStatusAsync(task, status, cancellationToken));

    public Task<AgentTask> SetFinalizersAsync(AgentTask task, IReadOnlyList<string> finalizers, CancellationToken cancellationToken) =>
        WriteAsync(FinalizerPatch, cancellationToken, () => inner.SetFinalizersAsync(task, finalizers, cancellationToken));

    public Task DeleteTaskAsync(AgentTask task, CancellationToken cancellationToken) =>
        WriteAsync(TaskDelete, cancellationToken, async () =>
        {
            await inner.DeleteTaskAsync(task, cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<Corev1Event>> ListEventsAsync(string @namespace, string involvedObjectName, CancellationToken cancellationToken) =>
        inner.ListEventsAsync(@namespace, involvedObjectName, cancellationToken);

    public Task<string> ReadLogTailAsync(string @namespace, string pod, string container, int maxBytes, CancellationToken cancellationToken) =>
        inner.ReadLogTailAsync(@namespace, pod, container, maxBytes, cancellationToken);

    public Task EmitEventAsync(IKubernetesObject<V1ObjectMeta> regarding, TaskEvent taskEvent, CancellationToken cancellationToken) =>
        WriteAsync(Event, cancellationToken, async () =>
        {
            await inner.EmitEventAsync(regarding, taskEvent, cancellationToken);
            return true;
        });

    private async Task<T> WriteAsync<T>(string kind, CancellationToken cancellationToken, Func<Task<T>> write)
    {
        TaskCompletionSource? gate;
        lock (sync)
        {
            // The real client sends nothing with a token already cancelled.
            cancellationToken.ThrowIfCancellationRequested();
            if (termEnded)
            {
                landedAfterTerm.Add(kind);
            }

            gates.TryGetValue(kind, out gate);
            if (gate is null)
            {
                landed.Add(kind);
            }
            else
            {
                gatedTokens.Add(cancellationToken);
                started[kind].TrySetResult();
            }
        }

        if (gate is not null)
        {
            await gate.Task.WaitAsync(cancellationToken);
            lock (sync)
            {
                landed.Add(kind);
                if (termEnded)
                {
                    landedAfterTerm.Add(kind);
                }
            }
        }

        return await write();
    }
}
