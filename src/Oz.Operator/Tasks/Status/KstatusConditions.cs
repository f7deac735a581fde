using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// The three conditions kstatus (Flux health checks, cli-utils, kubectl wait) reads, so no GitOps
/// tool needs a plug-in for AgentTasks:
/// <list type="bullet">
/// <item>Reconciling True while the task is on its way: kstatus says InProgress.</item>
/// <item>Stalled True once it failed or was cancelled: kstatus says Failed. Every such task is
/// stalled for good, because a terminal phase never changes; without it kstatus would read the
/// Ready=False of a failed task as InProgress and a Flux wait would hang until its timeout.</item>
/// <item>Ready True once it succeeded (kstatus: Current), False with the failure reason otherwise,
/// so <c>kubectl wait --for=condition=Ready</c> returns on success.</item>
/// </list>
/// Each carries the generation it describes, like status.observedGeneration.
/// </summary>
public static class KstatusConditions
{
    public static IEnumerable<V1Condition> For(AgentTaskPhase phase, FailureReason? failure, string? detail, long? generation)
    {
        var reason = failure?.ToString() ?? phase.ToString();
        var message = string.IsNullOrEmpty(detail) ? $"The task is {phase}." : detail;

        yield return phase == AgentTaskPhase.Succeeded
            ? TaskConditions.Make(ConditionTypes.Ready, true, "Succeeded", message, generation)
            : TaskConditions.Make(ConditionTypes.Ready, false, reason, message, generation);

        yield return phase.IsTerminal()
            ? TaskConditions.Make(ConditionTypes.Reconciling, false, phase.ToString(), $"The task is {phase}; it is not reconciled any further.", generation)
            : TaskConditions.Make(ConditionTypes.Reconciling, true, phase.ToString(), message, generation);

        yield return phase is AgentTaskPhase.Failed or AgentTaskPhase.Cancelled
            ? TaskConditions.Make(ConditionTypes.Stalled, true, reason, message, generation)
            : TaskConditions.Make(ConditionTypes.Stalled, false, phase.ToString(), $"The task is {phase}.", generation);
    }
}
