using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Tasks;

/// <summary>
/// The indexes of the AgentTask cache: the lookups that would otherwise scan every tracked task,
/// finished ones included (a day's tasks under the default 24 h retention; 100 000 at scale).
/// </summary>
public static class AgentTaskIndexes
{
    /// <summary>Unfinished tasks (no terminal phase) by namespace: the only tasks the maxConcurrentTasks rule counts.</summary>
    public const string UnfinishedByNamespace = "unfinishedByNamespace";

    /// <summary>Labels indexed: the hashed Oz task id, how the Oz bridge finds the task of an assignment.</summary>
    public static IReadOnlyList<string> Labels { get; } = [TaskLabels.TaskIdHash];

    public static IReadOnlyDictionary<string, IndexFunc> Indexers { get; } = new Dictionary<string, IndexFunc>(StringComparer.Ordinal)
    {
        [UnfinishedByNamespace] = obj => Unfinished((AgentTask)obj),
    };

    /// <summary>The namespace of a task that has not finished; nothing for a finished one.</summary>
    public static IEnumerable<string> Unfinished(AgentTask task) =>
        task.Status?.Phase is { } phase && phase.IsTerminal() ? [] : [task.Metadata.NamespaceProperty ?? ""];
}
