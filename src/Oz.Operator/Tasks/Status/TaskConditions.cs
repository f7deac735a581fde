using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// Merges freshly computed conditions into the previous ones the Kubernetes way: the
/// lastTransitionTime of a condition changes only when its status changes; conditions not
/// computed this time are kept as they were (e.g. PodScheduled after the pod is gone). A new
/// lastTransitionTime is taken at the whole second, like startTime and completionTime
/// (<see cref="ApiTime"/>), so a status read back equals the one written.
/// </summary>
public static class TaskConditions
{
    public static IList<V1Condition> Merge(
        IEnumerable<V1Condition>? previous, IEnumerable<V1Condition> computed, DateTime now)
    {
        var merged = new List<V1Condition>();
        var old = (previous ?? []).Where(c => c.Type is not null).GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First());
        foreach (var condition in computed)
        {
            var transition = old.TryGetValue(condition.Type, out var before) && before.Status == condition.Status
                ? before.LastTransitionTime
                : ApiTime.Truncate(now);
            merged.Add(new V1Condition
            {
                Type = condition.Type,
                Status = condition.Status,
                Reason = condition.Reason,
                Message = condition.Message ?? "",
                ObservedGeneration = condition.ObservedGeneration,
                LastTransitionTime = transition,
            });
            old.Remove(condition.Type);
        }

        merged.AddRange(old.Values);
        return merged.OrderBy(c => Order(c.Type)).ThenBy(c => c.Type, StringComparer.Ordinal).ToList();
    }

    /// <summary>A condition as computed (its lastTransitionTime is decided by <see cref="Merge"/>).</summary>
    public static V1Condition Make(string type, bool status, string reason, string message, long? generation) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = StatusText.Head(message, 1024),
        ObservedGeneration = generation,
    };

    /// <summary>Conditions listed in the life order of a task, so kubectl output reads naturally.</summary>
    private static int Order(string type) => type switch
    {
        Crds.V1Alpha1.ConditionTypes.Accepted => 0,
        Crds.V1Alpha1.ConditionTypes.JobCreated => 1,
        Crds.V1Alpha1.ConditionTypes.PodScheduled => 2,
        Crds.V1Alpha1.ConditionTypes.Running => 3,
        Crds.V1Alpha1.ConditionTypes.Completed => 4,
        Crds.V1Alpha1.ConditionTypes.Ready => 5,
        Crds.V1Alpha1.ConditionTypes.Reconciling => 6,
        Crds.V1Alpha1.ConditionTypes.Stalled => 7,
        _ => 8,
    };
}
