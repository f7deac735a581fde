using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// Makes the AgentTask (and its environment Secret) of a claimed assignment, and removes the one
/// of a rejected assignment so that it is never reported after its rejection.
/// </summary>
public sealed class AgentTaskCreation(IAgentTaskStore store, RejectedTasks rejected, CreatedTasks createdTasks, ILogger logger)
{
    private const string RemovingEarlierAttempt = "worker is still removing an earlier attempt of the task";

    /// <summary>
    /// Creates the AgentTask, gated (<see cref="StartGate"/>) when it has an env Secret, then the
    /// Secret owned by it, then opens the gate: the Job never starts before its Secret exists. A
    /// redelivered assignment finds the task and finishes what an earlier attempt left undone.
    /// Returns a rejection reason, or null on success. When the Secret or the gate fails, the
    /// AgentTask made by this attempt is discarded before the exception goes on to be a rejection.
    /// </summary>
    public async Task<string?> CreateAsync(AgentTask desired, V1Secret? secret, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(desired);
        if (secret is not null)
        {
            (desired.Metadata.Annotations ??= new Dictionary<string, string>())[StartGate.Annotation] = StartGate.EnvSecret;
        }

        var actual = await store.CreateAgentTaskAsync(desired, cancellationToken).ConfigureAwait(false);
        var created = actual is not null;
        if (actual is null)
        {
            // Already there: the same execution assigned again (the server re-sends until it sees a claim).
            actual = await store.GetAgentTaskAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            if (actual is null)
            {
                return "worker could not create the task (it was deleted while being created)";
            }

            if (actual.Spec.TaskId != desired.Spec.TaskId || actual.Spec.ExecutionId != desired.Spec.ExecutionId)
            {
                logger.LogError(
                    "AgentTask {AgentTask} belongs to task {OtherTaskId}/{OtherExecutionId}, not {TaskId}/{ExecutionId}",
                    key,
                    actual.Spec.TaskId,
                    actual.Spec.ExecutionId,
                    desired.Spec.TaskId,
                    desired.Spec.ExecutionId);
                return "worker has a different task under the same name";
            }

            if (actual.Metadata.DeletionTimestamp is not null)
            {
                // An earlier attempt's task on its way out (a rejected one, held by the controller's
                // finalizer): finishing it would claim a task that is about to be cancelled. Once it
                // is gone the next redelivery creates the task afresh.
                logger.LogInformation("AgentTask {AgentTask} of task {TaskId} is still being deleted; rejecting the assignment until it is gone", key, desired.Spec.TaskId);
                return RemovingEarlierAttempt;
            }

            if (WasRejected(actual))
            {
                // The leftover of a rejection whose delete failed: its answer went out already, and
                // claiming it would leave a task whose result is never reported. Remove it instead.
                logger.LogInformation("AgentTask {AgentTask} of task {TaskId} was left by an earlier rejection; removing it", key, desired.Spec.TaskId);
                await DiscardAsync(actual, cancellationToken).ConfigureAwait(false);
                return RemovingEarlierAttempt;
            }
        }
        else
        {
            createdTasks.Add(key, desired.Spec.TaskId!);
            rejected.Remove(key);
        }

        if (secret is null)
        {
            return null;
        }

        try
        {
            secret.Metadata.OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = AgentTask.GroupVersion,
                    Kind = AgentTask.KindName,
                    Name = actual.Metadata.Name,
                    Uid = actual.Metadata.Uid ?? throw new InvalidOperationException($"AgentTask {key} has no uid"),
                    Controller = true,
                },
            ];
            await store.CreateSecretAsync(secret, cancellationToken).ConfigureAwait(false);
            if (StartGate.Of(actual) is not null)
            {
                await store.OpenStartGateAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (created && e is not OperationCanceledException)
        {
            // The assignment is rejected (by the caller), so the gated task made here must go: left
            // alone it would fail at the gate timeout and be reported to Oz after the rejection.
            // Only this attempt's own task: one found existing may be running for an earlier claim.
            await DiscardAsync(actual, cancellationToken).ConfigureAwait(false);
            throw;
        }

        return null;
    }

    /// <summary>
    /// An existing AgentTask this bridge (this process or an earlier one) created and then rejected:
    /// reportedToOz is set on a result only once it is terminal, so on an unfinished task, or on
    /// one that never got past its start gate (a claimed task is never gated), it is a rejection's mark.
    /// </summary>
    private bool WasRejected(AgentTask task) =>
        rejected.Contains(ObjectKey.Of(task), task.Metadata.Uid)
        || (task.Status?.ReportedToOz == true && (StartGate.Of(task) is not null || task.Status.Phase?.IsTerminal() != true));

    /// <summary>
    /// Removes an AgentTask whose assignment is rejected. First it is recorded as answered
    /// (reportedToOz): the controller turns a deleted task into a Cancelled one, which would
    /// otherwise be reported — also by a restarted or new leader, hence on the task, not only in
    /// memory. Then it is deleted, by uid (a newer task of that name is never touched). Failures are
    /// logged, never thrown: the rejection goes out regardless, and a task whose delete failed stays
    /// held at its start gate, unreported, until a redelivered assignment removes it.
    /// </summary>
    private async Task DiscardAsync(AgentTask task, CancellationToken cancellationToken)
    {
        var key = ObjectKey.Of(task);
        createdTasks.Remove(key);
        if (task.Metadata.Uid is not { } uid)
        {
            return;
        }

        rejected.Add(key, uid);
        if (task.Status?.ReportedToOz != true)
        {
            try
            {
                await store.MarkReportedAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not record AgentTask {AgentTask} as answered by its rejection; deleting it anyway", key);
            }
        }

        try
        {
            if (await store.DeleteAgentTaskAsync(key.Namespace, key.Name, uid, cancellationToken).ConfigureAwait(false))
            {
                logger.LogInformation("Deleted AgentTask {AgentTask} of rejected task {TaskId}", key, task.Spec.TaskId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(
                e,
                "Could not delete AgentTask {AgentTask} of rejected task {TaskId}; it stays held at its start gate and unreported until a redelivered assignment removes it",
                key,
                task.Spec.TaskId);
        }
    }
}
