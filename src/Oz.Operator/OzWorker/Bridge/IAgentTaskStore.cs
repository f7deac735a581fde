using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// The few cluster writes the Oz bridge makes (reads come from the AgentTask cache). Conflicts
/// that mean "already done" are results, not exceptions; anything else throws.
/// </summary>
public interface IAgentTaskStore
{
    /// <summary>The created AgentTask (with uid), or null when one of that name already exists.</summary>
    Task<AgentTask?> CreateAgentTaskAsync(AgentTask task, CancellationToken cancellationToken);

    /// <summary>The AgentTask from the API server, or null when it does not exist.</summary>
    Task<AgentTask?> GetAgentTaskAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>True when created, false when a Secret of that name already exists.</summary>
    Task<bool> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken);

    /// <summary>Removes the AgentTask's <see cref="StartGate"/> annotation (merge patch), so its Job may start.</summary>
    Task OpenStartGateAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the AgentTask if it is still the one with <paramref name="uid"/> (a precondition: a
    /// newer AgentTask of the same name is never touched). False when it is gone or is another one.
    /// </summary>
    Task<bool> DeleteAgentTaskAsync(string ns, string name, string uid, CancellationToken cancellationToken);

    /// <summary>Merge-patches <c>spec.cancel: true</c>.</summary>
    Task RequestCancelAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Merge-patches <c>status.reportedToOz: true</c> through the status subresource.</summary>
    Task MarkReportedAsync(string ns, string name, CancellationToken cancellationToken);
}
