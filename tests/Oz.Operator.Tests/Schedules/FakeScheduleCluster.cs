using k8s.Autorest;
using Microsoft.Extensions.Time.Testing;
using Oz.Operator.Schedules;

namespace Oz.Operator.Tests.Schedules;

/// <summary>
/// An API server in memory for the schedule reconciler: created runs land in the task cache at
/// once (an instant watch), a second create of a name is refused as the API server does (409),
/// and every write is recorded.
/// </summary>
internal sealed class FakeScheduleCluster : IScheduleClusterClient
{
    public const string Namespace = "default";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 30, TimeSpan.Zero);

    public FakeScheduleCluster()
    {
        Events = new TaskEventRecorder(EventSink, NullLogger.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public FakeCache<AgentTaskSchedule> Schedules { get; } = new();

    public FakeCache<AgentTask> Tasks { get; } = new();

    /// <summary>Where the shared Event recorder writes; <see cref="FakeTaskCluster.Events"/> lists them.</summary>
    public FakeTaskCluster EventSink { get; } = new();

    public TaskEventRecorder Events { get; }

    public List<string> Created { get; } = [];

    public List<string> CreateRefused { get; } = [];

    public List<string> Deleted { get; } = [];

    public List<AgentTaskScheduleStatus> StatusWrites { get; } = [];

    /// <summary>A reconciler over this cluster, as a fresh operator process would build one.</summary>
    public AgentTaskScheduleReconciler NewReconciler() =>
        new(Schedules, Tasks, this, Events, Clock, NullLogger<AgentTaskScheduleReconciler>.Instance);

    public AgentTaskSchedule AddSchedule(string name, string cron, Action<AgentTaskScheduleSpec>? configure = null)
    {
        var schedule = new AgentTaskSchedule
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = Namespace,
                Uid = $"uid-{name}",
                Generation = 1,
                CreationTimestamp = Clock.GetUtcNow().UtcDateTime,
            },
            Spec = new AgentTaskScheduleSpec
            {
                Schedule = cron,
                AgentTaskTemplate = new AgentTaskTemplate { Spec = new AgentTaskSpec { Prompt = "Triage new issues", Image = "ubuntu:22.04" } },
            },
        };
        configure?.Invoke(schedule.Spec);
        Schedules.Put(schedule);
        return schedule;
    }

    public AgentTaskSchedule Schedule(string name) => Schedules.Get(new ObjectKey(Namespace, name))!;

    public AgentTask? Task(string name) => Tasks.Get(new ObjectKey(Namespace, name));

    /// <summary>Ends a run as its own reconciler would: a terminal phase and a completion time.</summary>
    public void Finish(string run, AgentTaskPhase phase)
    {
        var task = Task(run)!;
        task.Status = new AgentTaskStatus { Phase = phase, CompletionTime = ApiTime.Now(Clock) };
        Tasks.Put(task);
    }

    public Task<bool> CreateRunAsync(AgentTask run, CancellationToken cancellationToken)
    {
        if (Tasks.Get(ObjectKey.Of(run)) is not null)
        {
            CreateRefused.Add(run.Metadata.Name);
            return System.Threading.Tasks.Task.FromResult(false);
        }

        run.Metadata.Uid = $"uid-{run.Metadata.Name}";
        run.Metadata.CreationTimestamp = Clock.GetUtcNow().UtcDateTime;
        Tasks.Put(run);
        Created.Add(run.Metadata.Name);
        return System.Threading.Tasks.Task.FromResult(true);
    }

    public Task DeleteRunAsync(AgentTask run, CancellationToken cancellationToken)
    {
        Tasks.Remove(ObjectKey.Of(run));
        Deleted.Add(run.Metadata.Name);
        return System.Threading.Tasks.Task.CompletedTask;
    }

    public Task PatchStatusAsync(AgentTaskSchedule schedule, AgentTaskScheduleStatus status, CancellationToken cancellationToken)
    {
        var stored = Schedules.Get(ObjectKey.Of(schedule)) ?? throw new HttpOperationException { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.NotFound), "") };
        stored.Status = status;
        StatusWrites.Add(status);
        return System.Threading.Tasks.Task.CompletedTask;
    }
}
