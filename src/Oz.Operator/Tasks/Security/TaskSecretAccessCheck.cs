using System.Text;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.Status;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tasks.Security;

/// <summary>
/// The operator's enforcement of the Secret opt-in (<see cref="SecretAccessPolicy"/>), run once
/// before a task's Job is created: a refused Secret makes the task fail with
/// <see cref="FailureReason.SecretNotAllowed"/> and no Job.
/// </summary>
/// <remarks>
/// Each referenced Secret is read with one GET, and only while the task has no Job yet, so the cost
/// is one read per Secret per task, not per reconcile. A Secret informer was not chosen on purpose:
/// it would need list and watch on every Secret of the namespace and keep all their values in the
/// operator's memory, a much larger exposure than reading the few a task names. The values of the
/// Secrets a task may use are registered with the <see cref="SecretRedactor"/> under the task's key
/// (so a log tail that prints one is masked) and forgotten with the task.
/// </remarks>
public sealed class TaskSecretAccessCheck(ISecretReader secrets, TaskSecretOptions options, string? operatorApiKey = null, SecretRedactor? redactor = null)
{
    /// <summary>The first refused Secret as a spec problem; null when every referenced Secret may be used.</summary>
    public async Task<TaskSpecProblem?> CheckAsync(AgentTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var ns = task.Metadata.NamespaceProperty ?? "";
        var owner = RedactorOwner(ObjectKey.Of(task));
        foreach (var reference in SecretReference.Of(task.Spec ?? new AgentTaskSpec()).DistinctBy(r => r.Name))
        {
            var secret = await secrets.ReadSecretAsync(ns, reference.Name, cancellationToken).ConfigureAwait(false);
            if (SecretAccessPolicy.Refusal(task, reference, secret, options, operatorApiKey) is { } refusal)
            {
                return new TaskSpecProblem(FailureReason.SecretNotAllowed, refusal);
            }

            foreach (var value in (secret!.Data ?? new Dictionary<string, byte[]>()).Values)
            {
                redactor?.Register(owner, Encoding.UTF8.GetString(value ?? []));
            }
        }

        return null;
    }

    /// <summary>The redactor owner key of a task's values; <see cref="SecretRedactor.Forget"/> it when the task is gone.</summary>
    public static string RedactorOwner(ObjectKey task) => "agenttask:" + task;
}
