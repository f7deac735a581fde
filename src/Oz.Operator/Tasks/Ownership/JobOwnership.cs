using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Ownership;

/// <summary>Whose a Job of the task's name is, judged by its controller ownerReference.</summary>
public enum JobOwner
{
    /// <summary>The controller ownerReference names this AgentTask's UID: the task's own Job, adopted.</summary>
    ThisTask,

    /// <summary>Owned by an earlier AgentTask of the same name (another UID): garbage collection is removing it.</summary>
    EarlierTask,

    /// <summary>Anything else (no controller, or another kind or name): never adopted, stopped or deleted.</summary>
    Stranger,
}

/// <summary>
/// Decides whether a Job found under the name the task's Job must have may be taken as the task's
/// own. Only a controller ownerReference to this AgentTask's UID counts: a Job someone else made
/// with that name (by hand, another tool) is not adopted, because the task would report that Job's
/// result as its own and its cleanup would delete a Job that is not the operator's.
/// </summary>
public static class JobOwnership
{
    public static JobOwner Of(V1Job job, AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(task);
        var owner = job.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        if (owner is null
            || owner.Kind != AgentTask.KindName
            || owner.ApiVersion?.StartsWith(AgentTask.Group + "/", StringComparison.Ordinal) != true
            || owner.Name != task.Metadata.Name)
        {
            return JobOwner.Stranger;
        }

        return !string.IsNullOrEmpty(owner.Uid) && owner.Uid == task.Metadata.Uid ? JobOwner.ThisTask : JobOwner.EarlierTask;
    }

    /// <summary>The failure message of a task whose Job name is taken by a Job that is not its own.</summary>
    public static string StrangerMessage(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var owner = job.Metadata?.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
        var whose = owner is null
            ? "it has no controller ownerReference"
            : $"its controller is {owner.Kind} {owner.Name} (uid {owner.Uid})";
        return $"A Job named {job.Metadata?.Name} already exists and is not this AgentTask's ({whose}); the operator does not adopt it. Delete or rename that Job, then create the AgentTask again.";
    }
}
