namespace Oz.Operator.Tasks.ApiClient;

/// <summary>An events.k8s.io Event about an AgentTask.</summary>
/// <param name="Type">"Normal" or "Warning".</param>
/// <param name="Reason">The new phase, or the failure reason (CamelCase).</param>
/// <param name="Action">What the operator did, e.g. "Transition".</param>
/// <param name="Note">Human-readable detail (bounded to 1 kB).</param>
public sealed record TaskEvent(string Type, string Reason, string Action, string Note)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
