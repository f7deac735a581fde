using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Schedules;

/// <summary>
/// Every write the schedule reconciler makes (it reads only from caches). Narrow so the reconciler
/// is unit-tested against an in-memory fake. Errors other than the ones each method absorbs are
/// thrown, so the work queue retries with backoff.
/// </summary>
public interface IScheduleClusterClient
{
    /// <summary>Creates a run; false when an AgentTask of that name already exists (409 AlreadyExists).</summary>
    Task<bool> CreateRunAsync(AgentTask run, CancellationToken cancellationToken);

    /// <summary>Deletes a run (UID precondition, so a newer task of the same name is left alone); absent is fine.</summary>
    Task DeleteRunAsync(AgentTask run, CancellationToken cancellationToken);

    /// <summary>Writes the schedule's status through the status subresource.</summary>
    Task PatchStatusAsync(AgentTaskSchedule schedule, AgentTaskScheduleStatus status, CancellationToken cancellationToken);
}
