using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Bench.Harness;

/// <summary>The status a task has after it succeeded, as the operator writes it: what a finished, retained AgentTask holds.</summary>
public static class FinishedTaskStatus
{
    public static AgentTaskStatus For(string taskName, DateTime now)
    {
        var jobName = JobNaming.JobNameFor(SimulatorHost.Namespace, taskName);
        V1Condition Condition(string type, string reason, string message) =>
            new() { Type = type, Status = "True", Reason = reason, Message = message, LastTransitionTime = now, ObservedGeneration = 1 };
        return new AgentTaskStatus
        {
            Phase = AgentTaskPhase.Succeeded,
            Message = "The task completed successfully.",
            Conditions =
            [
                Condition(ConditionTypes.Accepted, "Accepted", "The spec is valid."),
                Condition(ConditionTypes.JobCreated, "JobCreated", $"Job {jobName} created."),
                Condition(ConditionTypes.PodScheduled, "Scheduled", "The pod was scheduled on kubesim-node."),
                Condition(ConditionTypes.Completed, "Succeeded", "The task completed successfully."),
            ],
            JobName = jobName,
            PodName = jobName + "-abcde",
            NodeName = "kubesim-node",
            StartTime = now.AddSeconds(-1),
            CompletionTime = now,
            ExitCode = 0,
            ObservedGeneration = 1,
        };
    }
}
