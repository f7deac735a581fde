using System.Globalization;
using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Schedules;

/// <summary>
/// The AgentTasks a schedule makes: their names (deterministic from the scheduled time, so a run is
/// never made twice, whoever tries), their metadata, and how they are found again.
/// </summary>
public static class ScheduleRuns
{
    /// <summary>The time a run was due (RFC 3339, UTC), as batch/v1 CronJob's scheduled-timestamp annotation.</summary>
    public const string ScheduledTimeAnnotation = "oz.warp.dev/scheduled-time";

    /// <summary>The schedule a run belongs to (when its name fits a label value), for kubectl get -l.</summary>
    public const string ScheduleLabel = "oz.warp.dev/schedule";

    private const int MaxNameLength = 253;
    private const int MaxLabelValueLength = 63;

    /// <summary>
    /// &lt;schedule&gt;-&lt;minutes since the Unix epoch of the due time&gt;, as CronJob names its Jobs: the
    /// same due time always gives the same name, so a second create (another replica, a restart,
    /// a stale cache) is refused by the API server with 409 instead of starting a second run.
    /// </summary>
    public static string RunName(string scheduleName, DateTime scheduledTime)
    {
        var suffix = "-" + (new DateTimeOffset(DateTime.SpecifyKind(scheduledTime, DateTimeKind.Utc)).ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);
        var prefix = scheduleName.Length + suffix.Length > MaxNameLength ? scheduleName[..(MaxNameLength - suffix.Length)].TrimEnd('-', '.') : scheduleName;
        return prefix + suffix;
    }

    /// <summary>The run due at <paramref name="scheduledTime"/>: the template's labels, annotations and spec, owned by the schedule.</summary>
    public static AgentTask Build(AgentTaskSchedule schedule, DateTime scheduledTime)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var template = schedule.Spec.AgentTaskTemplate;
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>());
        if (schedule.Metadata.Name.Length <= MaxLabelValueLength)
        {
            labels[ScheduleLabel] = schedule.Metadata.Name;
        }

        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>())
        {
            [ScheduledTimeAnnotation] = ApiTime.Truncate(scheduledTime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };

        return new AgentTask
        {
            Metadata = new V1ObjectMeta
            {
                Name = RunName(schedule.Metadata.Name, scheduledTime),
                NamespaceProperty = schedule.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [ControllerReference.To(AgentTaskSchedule.GroupVersion, AgentTaskSchedule.KindName, schedule.Metadata)],
            },

            // A deep copy: the run must not share lists with the cached schedule.
            Spec = KubernetesJson.Deserialize<AgentTaskSpec>(KubernetesJson.Serialize(template.Spec)),
        };
    }

    /// <summary>Whether <paramref name="task"/> is a run of the schedule with UID <paramref name="scheduleUid"/>.</summary>
    public static bool IsRunOf(AgentTask task, string? scheduleUid) =>
        scheduleUid is not null && OwnerOf(task) is { } owner && owner.Uid == scheduleUid;

    /// <summary>The controlling AgentTaskSchedule ownerReference of a task, if it has one.</summary>
    public static V1OwnerReference? OwnerOf(AgentTask task) =>
        task.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == AgentTaskSchedule.KindName
            && o.ApiVersion?.StartsWith(AgentTaskSchedule.Group + "/", StringComparison.Ordinal) == true);

    /// <summary>When a run was due: its annotation, else its creation time.</summary>
    public static DateTime ScheduledTime(AgentTask run)
    {
        if (run.Metadata.Annotations?.TryGetValue(ScheduledTimeAnnotation, out var text) == true
            && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            return DateTime.SpecifyKind(time, DateTimeKind.Utc);
        }

        return run.Metadata.CreationTimestamp ?? DateTime.MinValue;
    }

    /// <summary>The key of the schedule a task is a run of (none for other tasks): owned runs wake their schedule.</summary>
    public static IEnumerable<Kubernetes.ObjectKey> ScheduleKeysOf(AgentTask task) =>
        OwnerOf(task) is { } owner ? [new Kubernetes.ObjectKey(task.Metadata.NamespaceProperty ?? "", owner.Name)] : [];
}
