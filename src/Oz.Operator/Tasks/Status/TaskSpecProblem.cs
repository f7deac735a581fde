using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>Why an AgentTask cannot be turned into a Job, with the reason it fails with.</summary>
public sealed record TaskSpecProblem(FailureReason Reason, string Message);
