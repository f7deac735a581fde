using Oz.Operator.Tasks.Security;

namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>The reconciler wired to in-memory caches and API server, with a hand-moved clock.</summary>
internal sealed class ReconcilerHarness
{
    /// <param name="options">The operator's configuration; a plain one in <see cref="Fixtures.Namespace"/> when null.</param>
    /// <param name="ozConnected">Whether the operator has an Oz connection (an API key) to report tasks through.</param>
    /// <param name="secretAccess">The Secret opt-in check; none when null.</param>
    /// <param name="client">What the reconciler writes through, made from <see cref="Cluster"/>; the cluster itself when null.</param>
    public ReconcilerHarness(OperatorOptions? options = null, bool ozConnected = false, TaskSecretAccessCheck? secretAccess = null, Func<FakeTaskCluster, ITaskClusterClient>? client = null)
    {
        Options = options ?? new OperatorOptions { Namespace = Fixtures.Namespace };
        Reconciler = new AgentTaskReconciler(
            Cluster.Tasks, Cluster.Jobs, Cluster.Pods, client?.Invoke(Cluster) ?? Cluster, Options, Enqueued.Add, Time, NullLogger<AgentTaskReconciler>.Instance, ozConnected, secretAccess);
    }

    public FakeTaskCluster Cluster { get; } = new();

    public ManualClock Time { get; } = new(Fixtures.T0);

    public OperatorOptions Options { get; }

    public List<ObjectKey> Enqueued { get; } = [];

    public AgentTaskReconciler Reconciler { get; }

    /// <summary>A harness whose operator runs one task at a time.</summary>
    public static ReconcilerHarness OneSlot() => new(new OperatorOptions { Namespace = Fixtures.Namespace, MaxConcurrentTasks = 1 });

    /// <summary>A harness whose operator leaves finished tasks' Jobs to their TTL (cleanup off).</summary>
    public static ReconcilerHarness WithoutCleanup() => new(new OperatorOptions { Namespace = Fixtures.Namespace, Cleanup = false });

    /// <summary>One slot, held by task "a"; task "b", a second younger, reconciled and queued behind it.</summary>
    public static async Task<ReconcilerHarness> OneSlotHeldByAWithBQueuedAsync()
    {
        var h = OneSlot();
        h.Add(Fixtures.Task("a", Fixtures.T0));
        h.Add(Fixtures.Task("b", Fixtures.T0.AddSeconds(1)));
        await h.ReconcileAsync("a");
        await h.ReconcileAsync("b");
        return h;
    }

    public AgentTask Add(AgentTask task)
    {
        Cluster.Tasks.Put(task);
        return task;
    }

    /// <summary>Reconciles, then waits for the Events it recorded to be written (they are sent in the background).</summary>
    public async Task<ReconcileResult> ReconcileAsync(string name = "t1")
    {
        var result = await Reconciler.ReconcileAsync(new ObjectKey(Fixtures.Namespace, name), CancellationToken.None);
        await Reconciler.Events.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return result;
    }

    public AgentTask Task(string name = "t1") => Cluster.Tasks.Get(new ObjectKey(Fixtures.Namespace, name))!;

    public V1Job? JobOf(string name = "t1") => Cluster.Jobs.Get(new ObjectKey(Fixtures.Namespace, JobNaming.JobNameFor(Fixtures.Namespace, name)));

    /// <summary>Puts a pod of the task's Job in the pod cache, as the Job controller and kubelet would.</summary>
    public V1Pod SetPod(string name, Action<V1Pod> shape)
    {
        var job = JobOf(name) ?? throw new InvalidOperationException($"no Job for {name}");
        var pod = Fixtures.Pod();
        pod.Metadata.Name = job.Metadata.Name + "-pod";
        pod.Metadata.Uid = "uid-" + pod.Metadata.Name;
        pod.Metadata.Labels = new Dictionary<string, string>(job.Spec.Template.Metadata.Labels);
        pod.Metadata.Annotations = new Dictionary<string, string>(job.Spec.Template.Metadata.Annotations);
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }];
        shape(pod);
        Cluster.Pods.Put(pod);
        return pod;
    }

    /// <summary>
    /// The task's pod has exited (0, or 1 when not <paramref name="succeeded"/>) and its Job has
    /// completed (or failed with BackoffLimitExceeded), as the Job controller and kubelet write it.
    /// </summary>
    public void SetFinished(string name, bool succeeded = true)
    {
        SetPod(name, p =>
        {
            p.Status.Phase = succeeded ? "Succeeded" : "Failed";
            p.WithTask(Fixtures.Terminated(succeeded ? 0 : 1));
        });
        if (succeeded)
        {
            SetJobCondition(name, "Complete");
        }
        else
        {
            SetJobCondition(name, "Failed", "BackoffLimitExceeded");
        }
    }

    /// <summary>Adds <paramref name="task"/> and reconciles it once (its Job is created: the task is dispatched).</summary>
    public async Task<AgentTask> DispatchAsync(AgentTask task)
    {
        Add(task);
        await ReconcileAsync(task.Metadata.Name);
        return task;
    }

    /// <summary>Adds <paramref name="task"/>, dispatches it, lets it succeed and reconciles the result.</summary>
    public async Task<AgentTask> RunToSuccessAsync(AgentTask task)
    {
        await DispatchAsync(task);
        SetFinished(task.Metadata.Name);
        await ReconcileAsync(task.Metadata.Name);
        return task;
    }

    /// <summary>Dispatches <paramref name="task"/>, lets its pod run and reconciles that (the task is Running).</summary>
    public async Task<AgentTask> RunningAsync(AgentTask task)
    {
        await DispatchAsync(task);
        SetPod(task.Metadata.Name, p => p.WithTask(Fixtures.Running()));
        await ReconcileAsync(task.Metadata.Name);
        return task;
    }

    public void SetJobCondition(string name, string type, string reason = "")
    {
        var job = JobOf(name)!;
        job.Status ??= new V1JobStatus();
        job.Status.Conditions = [new V1JobCondition { Type = type, Status = "True", Reason = reason }];
        job.Status.CompletionTime = type == "Complete" ? Time.Now : null;
    }
}
