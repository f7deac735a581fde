using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Status;

/// <summary>
/// Everything the classifier looks at for one AgentTask: the task itself, its Job and pod as last
/// seen, core Events about them, and decisions the reconciler made before classifying.
/// </summary>
public sealed record TaskObservation(AgentTask Task, DateTime Now)
{
    /// <summary>The task's Job, or null when it does not exist (or was never created).</summary>
    public V1Job? Job { get; init; }

    /// <summary>The Job's pod (the newest one when there are several), or null.</summary>
    public V1Pod? Pod { get; init; }

    /// <summary>Core Events about the pod or the Job (FailedMount, FailedCreate…); may be empty.</summary>
    public IReadOnlyList<Corev1Event> Events { get; init; } = [];

    /// <summary>No slot under maxConcurrentTasks: the Job is not created yet.</summary>
    public bool Queued { get; init; }

    /// <summary>The Job was created earlier and is now confirmed gone from the API server.</summary>
    public bool JobVanished { get; init; }

    /// <summary>Why the spec cannot run, when it cannot (see <see cref="TaskSpecValidator"/>).</summary>
    public TaskSpecProblem? SpecProblem { get; init; }

    /// <summary>The API server's message when it refused to create the Job (403, 422), or the Job name is taken by a stranger.</summary>
    public string? JobRefused { get; init; }
}
