using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>Where a task is in its life; Succeeded, Failed and Cancelled are terminal.</summary>
[Description("Where a task is in its life; Succeeded, Failed and Cancelled are terminal.")]
[JsonConverter(typeof(JsonStringEnumConverter<AgentTaskPhase>))]
public enum AgentTaskPhase
{
    Pending,
    Queued,
    Starting,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
