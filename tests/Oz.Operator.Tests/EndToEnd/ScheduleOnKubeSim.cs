using Microsoft.Extensions.Time.Testing;
using Oz.Crds.Generation;
using Oz.Operator.Schedules;

namespace Oz.Operator.Tests.EndToEnd;

/// <summary>
/// The AgentTaskSchedule controller (real informers, queue, reconciler and KubernetesClient) against
/// the simulator over HTTP, on a manual clock the test moves one second at a time. The runs'
/// own controller is not running: the test plays it, ending runs through their status.
/// </summary>
internal sealed class ScheduleOnKubeSim : KubeSimCluster
{
    public const string Namespace = DefaultNamespace;

    private readonly List<DateTime> reconciledAt = [];
    private CancellationTokenSource? running;
    private Task? work;
    private AgentTaskScheduleReconciliation? controller;

    private ScheduleOnKubeSim(KubeSimServer sim)
        : base(sim, Namespace)
    {
        // Manual time starts at the wall clock (the schedule's creationTimestamp is the simulator's).
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
    }

    public FakeTimeProvider Clock { get; }

    public static async Task<ScheduleOnKubeSim> StartAsync()
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });
        sim.LoadYaml(CrdGenerator.GenerateAllYaml());
        var harness = new ScheduleOnKubeSim(sim);
        harness.StartOperator();
        return harness;
    }

    /// <summary>Starts a fresh controller (new watches, new queue), as after an operator restart.</summary>
    public void StartOperator()
    {
        lock (reconciledAt)
        {
            reconciledAt.Clear();
        }

        var client = Sim.CreateClient();
        var tasks = new Informer<AgentTask>(
            KubernetesListerWatchers.CustomObjects<AgentTask, AgentTaskList>(client, AgentTask.Group, AgentTask.Version, AgentTask.Plural, Namespace),
            new InformerOptions { Name = AgentTask.Plural }, NullLogger<Informer<AgentTask>>.Instance);
        var schedules = new Informer<AgentTaskSchedule>(
            KubernetesListerWatchers.CustomObjects<AgentTaskSchedule, AgentTaskScheduleList>(client, AgentTaskSchedule.Group, AgentTaskSchedule.Version, AgentTaskSchedule.Plural, Namespace),
            new InformerOptions { Name = AgentTaskSchedule.Plural }, NullLogger<Informer<AgentTaskSchedule>>.Instance);
        var events = new TaskEventRecorder(new KubernetesTaskClusterClient(client, "e2e-operator", TimeProvider.System), NullLogger.Instance);
        controller = new AgentTaskScheduleReconciliation(
            schedules, tasks, new KubernetesScheduleClusterClient(client), events, new OperatorOptions { Namespace = Namespace }, NullLoggerFactory.Instance, Clock);
        controller.Controller.Reconciled += (_, _, _) =>
        {
            lock (reconciledAt)
            {
                reconciledAt.Add(Clock.GetUtcNow().UtcDateTime);
            }
        };
        running = new CancellationTokenSource();
        work = Task.WhenAll(tasks.RunAsync(running.Token), schedules.RunAsync(running.Token), controller.Controller.RunAsync(running.Token));
    }

    public async Task StopOperatorAsync()
    {
        if (running is null || work is null)
        {
            return;
        }

        await CancelAndWaitAsync(running, work, "the schedule controller");
        controller?.Dispose();
        running.Dispose();
        (running, work) = (null, null);
    }

    public async Task CreateScheduleAsync(string name, string cron, Action<AgentTaskScheduleSpec>? configure = null)
    {
        var schedule = new AgentTaskSchedule
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new AgentTaskScheduleSpec
            {
                Schedule = cron,
                AgentTaskTemplate = new AgentTaskTemplate { Spec = new AgentTaskSpec { Prompt = "Triage new issues", Image = "ubuntu:22.04" } },
            },
        };
        configure?.Invoke(schedule.Spec);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(schedule, AgentTaskSchedule.Group, AgentTaskSchedule.Version, Namespace, AgentTaskSchedule.Plural);
    }

    public async Task<AgentTaskSchedule> GetScheduleAsync(string name)
    {
        var result = await Client.CustomObjects.GetNamespacedCustomObjectAsync(AgentTaskSchedule.Group, AgentTaskSchedule.Version, Namespace, AgentTaskSchedule.Plural, name);
        return KubernetesJson.Deserialize<AgentTaskSchedule>(KubernetesJson.Serialize(result));
    }

    public async Task<IReadOnlyList<AgentTask>> RunsAsync()
    {
        var result = await Client.CustomObjects.ListNamespacedCustomObjectAsync<AgentTaskList>(AgentTask.Group, AgentTask.Version, Namespace, AgentTask.Plural);
        return [.. result.Items.OrderBy(ScheduleRuns.ScheduledTime)];
    }

    /// <summary>The first due time of "* * * * *" after the clock's current time.</summary>
    public DateTime NextMinute()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
    }

    /// <summary>
    /// Moves the manual clock one second per poll until <paramref name="condition"/> holds: due times
    /// come as they would, with the controller's RequeueAfter timers firing on the way.
    /// </summary>
    public Task<T> TickUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what) =>
        KubeSimCluster.WaitForAsync(
            async () =>
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                return await probe();
            },
            condition,
            what);

    /// <summary>Moves the clock to <paramref name="time"/> a second at a time, then waits for a reconcile that ended at or after it.</summary>
    public async Task TickPastAsync(DateTime time)
    {
        await TickUntilAsync(() => Task.FromResult(Clock.GetUtcNow().UtcDateTime), now => now >= time, $"the clock to reach {time:O}");
        await KubeSimCluster.WaitForAsync(
            () => Task.FromResult(ReconciledSince(time)),
            seen => seen,
            $"a reconcile at or after {time:O}");
    }

    /// <summary>Ends a run as its own controller would: a terminal phase and a completion time, through the status subresource.</summary>
    public async Task FinishRunAsync(string name, AgentTaskPhase phase)
    {
        var status = new { status = new { phase = phase.ToString(), completionTime = ApiTime.Now(Clock) } };
        await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), AgentTask.Group, AgentTask.Version, Namespace, AgentTask.Plural, name);
    }

    protected override Task StopRunsAsync() => StopOperatorAsync();

    private bool ReconciledSince(DateTime time)
    {
        lock (reconciledAt)
        {
            return reconciledAt.Any(t => t >= time);
        }
    }
}
