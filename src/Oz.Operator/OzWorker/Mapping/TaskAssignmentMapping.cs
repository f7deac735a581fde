using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>
/// The result of mapping an assignment: the AgentTask and the Secret holding the server's
/// environment (absent when it sent none), or the reason the assignment cannot be run.
/// </summary>
public sealed record TaskAssignmentMapping
{
    public AgentTask? Task { get; private init; }

    public V1Secret? Secret { get; private init; }

    /// <summary>Environment names dropped because they are not valid Secret keys (names only: values are secret).</summary>
    public IReadOnlyList<string> SkippedEnvNames { get; private init; } = [];

    public string? Error { get; private init; }

    public bool IsValid => Error is null;

    public static TaskAssignmentMapping Valid(AgentTask task, V1Secret? secret, IReadOnlyList<string> skippedEnvNames) =>
        new() { Task = task, Secret = secret, SkippedEnvNames = skippedEnvNames };

    public static TaskAssignmentMapping Invalid(string error) => new() { Error = error };
}
