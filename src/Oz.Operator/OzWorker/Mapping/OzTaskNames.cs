using Oz.Crds.V1Alpha1;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>The deterministic AgentTask name of an Oz task execution.</summary>
public static class OzTaskNames
{
    private const int NameHashLength = 10;

    /// <summary>
    /// The AgentTask name for one execution of a task: <c>oz-&lt;task id, sanitised&gt;-&lt;hash&gt;</c>.
    /// The hash covers both ids exactly, so different executions (or ids that sanitise alike)
    /// never share a name; it is at most 63 characters because it appears in label values.
    /// </summary>
    public static string AgentTaskName(string taskId, string executionId)
    {
        var effectiveExecution = string.IsNullOrEmpty(executionId) ? taskId : executionId;
        var hash = KubernetesNames.Hash(taskId + "\n" + effectiveExecution, NameHashLength);
        var room = KubernetesNames.MaxLength - "oz-".Length - 1 - hash.Length;
        var readable = KubernetesNames.Dns1123Label(taskId, room, collapseRuns: false);
        return readable.Length == 0 ? $"oz-{hash}" : $"oz-{readable}-{hash}";
    }
}
