using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// Whether a desired status differs from the stored one in what the operator owns. reportedToOz
/// belongs to the Oz bridge and is ignored; condition lastTransitionTimes are ignored because
/// they only move when a condition's status moves, which is compared.
/// </summary>
public static class TaskStatusEquality
{
    public static bool SameOwnedFields(AgentTaskStatus? a, AgentTaskStatus? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Phase == b.Phase
            && a.Reason == b.Reason
            && (a.Message ?? "") == (b.Message ?? "")
            && a.JobName == b.JobName
            && a.PodName == b.PodName
            && a.NodeName == b.NodeName
            && SameTime(a.StartTime, b.StartTime)
            && SameTime(a.CompletionTime, b.CompletionTime)
            && (a.Duration ?? "") == (b.Duration ?? "")
            && a.ExitCode == b.ExitCode
            && a.ObservedGeneration == b.ObservedGeneration
            && SameConditions(a.Conditions, b.Conditions);
    }

    private static bool SameConditions(IList<V1Condition>? a, IList<V1Condition>? b)
    {
        var left = (a ?? []).OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
        var right = (b ?? []).OrderBy(c => c.Type, StringComparer.Ordinal).ToList();
        return left.Count == right.Count && left.Zip(right).All(pair =>
            pair.First.Type == pair.Second.Type
            && pair.First.Status == pair.Second.Status
            && pair.First.Reason == pair.Second.Reason
            && (pair.First.Message ?? "") == (pair.Second.Message ?? "")
            && pair.First.ObservedGeneration == pair.Second.ObservedGeneration);
    }

    /// <summary>Times compare to the second: metav1.Time has second precision (see <see cref="ApiTime"/>).</summary>
    private static bool SameTime(DateTime? a, DateTime? b) =>
        a is null || b is null
            ? a is null && b is null
            : Math.Abs((a.Value.ToUniversalTime() - b.Value.ToUniversalTime()).TotalSeconds) < 1;
}
