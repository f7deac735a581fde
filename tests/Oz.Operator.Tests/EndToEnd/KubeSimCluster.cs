namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// The end-to-end harness every simulator test builds on: the simulator over HTTP on loopback, the
/// test's own client (the simulator's admin), the AgentTask and Job reads, writes and waits the tests
/// make in one namespace, and a bounded teardown that prints the requests the simulator refused.
/// What runs against it — the AgentTask controller in-process, real operator hosts — is a subclass's.
/// </summary>
internal abstract class KubeSimCluster : IAsyncDisposable
{
    /// <summary>The namespace of the tests' tasks unless a harness says otherwise.</summary>
    public const string DefaultNamespace = "default";

    // Above Kestrel's own graceful-shutdown bound (30 s), so that one ends first when it is the cause.
    private static readonly TimeSpan SimulatorStopTimeout = TimeSpan.FromSeconds(45);

    protected KubeSimCluster(KubeSimServer sim, string taskNamespace)
    {
        Sim = sim;
        TaskNamespace = taskNamespace;
    }

    public KubeSimServer Sim { get; }

    /// <summary>The test's own client: the simulator's admin, not any operator.</summary>
    public IKubernetes Client => Sim.Client;

    /// <summary>Where the test's AgentTasks go.</summary>
    public string TaskNamespace { get; }

    /// <summary>Creates a plain task (ubuntu:22.04) in <see cref="TaskNamespace"/>, changed by <paramref name="configure"/>.</summary>
    public Task<AgentTask> CreateTaskAsync(string name, Action<AgentTaskSpec>? configure = null)
    {
        var task = AgentTaskClient.NewTask(TaskNamespace, name);
        configure?.Invoke(task.Spec);
        return Client.CreateAgentTaskAsync(task);
    }

    /// <summary>The task as the API server holds it; null when there is none.</summary>
    public Task<AgentTask?> GetTaskAsync(string name) => Client.GetAgentTaskAsync(TaskNamespace, name);

    public async Task PatchTaskSpecAsync(string name, object spec)
    {
        var patch = new V1Patch(KubernetesJson.Serialize(new { spec }), V1Patch.PatchType.MergePatch);
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, AgentTask.Group, AgentTask.Version, TaskNamespace, AgentTask.Plural, name);
    }

    public async Task<V1Job?> GetJobAsync(string taskName)
    {
        var jobs = await Client.BatchV1.ListNamespacedJobAsync(TaskNamespace);
        return jobs.Items.FirstOrDefault(j => j.Metadata.Name == JobNaming.JobNameFor(TaskNamespace, taskName));
    }

    /// <summary>
    /// Polls the API until <paramref name="condition"/> holds, or fails the test, naming the last
    /// value seen, after the shared timeout or once <paramref name="cancellationToken"/> (by default
    /// the test's: its [CancelAfter] budget) is cancelled.
    /// </summary>
    public static Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, CancellationToken? cancellationToken = null)
    {
        var seen = false;
        T last = default!;
        return Eventually.UntilAsync(
            probe,
            value =>
            {
                (seen, last) = (true, value);
                return condition(value);
            },
            () => $"{what}; last seen: {(seen ? Describe(last) : "nothing yet")}",
            // An injected fault on the test's own read: read again.
            retryOn: e => e is k8s.Autorest.HttpOperationException,
            cancellationToken: cancellationToken);
    }

    public async Task<AgentTask> WaitForTaskAsync(string name, Func<AgentTask, bool> condition, string what) =>
        (await WaitForAsync(() => GetTaskAsync(name), t => t is not null && condition(t), what))!;

    public Task<V1Job?> WaitForJobAsync(string taskName) =>
        WaitForAsync(() => GetJobAsync(taskName), j => j is not null, $"the Job of {taskName}");

    public Task<V1Job?> WaitForJobGoneAsync(string taskName) =>
        WaitForAsync(() => GetJobAsync(taskName), j => j is null, $"the Job of {taskName} to be gone");

    /// <summary>Runs the real kubectl against the simulator; returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> KubectlAsync(KubeSimServer sim, params string[] args)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"oz-e2e-{Guid.NewGuid():N}.kubeconfig");
        sim.WriteKubeconfig(kubeconfig);
        try
        {
            var result = await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, .. args]);
            return (result.ExitCode, result.Output);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    /// <summary>Stops what runs against the simulator, then the simulator, even when the first would not stop; each bounded.</summary>
    public async ValueTask DisposeAsync()
    {
        // For the test's output when it fails: the requests the simulator refused.
        foreach (var e in Sim.RequestLog.Entries.Where(e => e.Code >= 400 || Environment.GetEnvironmentVariable("OZ_E2E_ALL_REQUESTS") == "1").Take(200))
        {
            await TestContext.Out.WriteLineAsync($"{e.Code} {e.Verb} {e.Resource}/{e.Subresource} {e.Name} by {e.User}");
        }

        try
        {
            await StopRunsAsync();
        }
        finally
        {
            await StopSimulatorAsync(Sim);
        }
    }

    /// <summary>Disposes <paramref name="sim"/>, failing with a named timeout instead of hanging the run.</summary>
    public static async Task StopSimulatorAsync(KubeSimServer sim)
    {
        try
        {
            await sim.DisposeAsync().AsTask().WaitAsync(SimulatorStopTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the simulator did not stop within {SimulatorStopTimeout}");
        }
    }

    /// <summary>Cancels a run and waits for it to end (cancellation is its expected end); fails with a named timeout.</summary>
    protected static async Task CancelAndWaitAsync(CancellationTokenSource running, Task work, string what)
    {
        await running.CancelAsync();
        try
        {
            await work.WaitAsync(Eventually.DefaultTimeout);
        }
        catch (OperationCanceledException)
        {
            // The expected end of informer and controller loops.
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} did not stop within {Eventually.DefaultTimeout}");
        }
    }

    /// <summary>Stops whatever the subclass runs against the simulator (each stop bounded).</summary>
    protected abstract Task StopRunsAsync();

    private static string Describe<T>(T value) => value is null ? "null" : KubernetesJson.Serialize(value);
}
