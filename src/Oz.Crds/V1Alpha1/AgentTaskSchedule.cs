using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>AgentTasks on a cron schedule, as batch/v1 CronJob makes Jobs: the declarative object for Git.</summary>
[CustomResource(Group, Version, KindName, Plural, Singular = Singular, ShortNames = [ShortName], Categories = [AgentTask.Category],
    Namespaced = true, StatusSubresource = true)]
[PrinterColumn("Age", 6, JsonPath = ".metadata.creationTimestamp", Type = "date")]
[Description("AgentTaskSchedule creates AgentTasks on a cron schedule, as a batch/v1 CronJob creates Jobs. The runs are "
    + "owned by the schedule (deleted with it) and kept within its history limits.")]
public sealed class AgentTaskSchedule : IKubernetesObject<V1ObjectMeta>, ISpec<AgentTaskScheduleSpec>, IStatus<AgentTaskScheduleStatus?>
{
    public const string Group = AgentTask.Group;
    public const string Version = AgentTask.Version;
    public const string KindName = "AgentTaskSchedule";
    public const string Plural = "agenttaskschedules";
    public const string Singular = "agenttaskschedule";
    public const string ShortName = "ats";
    public const string GroupVersion = AgentTask.GroupVersion;

    [JsonPropertyName("apiVersion")]
    [Description(StandardFieldDescriptions.ApiVersion)]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    [Description(StandardFieldDescriptions.Kind)]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    [Description(StandardFieldDescriptions.Metadata)]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("When to run (a cron schedule in a time zone), what to do with overlapping runs, how many finished runs "
        + "to keep, and the AgentTask each run is made from.")]
    public AgentTaskScheduleSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description(StandardFieldDescriptions.Status)]
    public AgentTaskScheduleStatus? Status { get; set; }
}
