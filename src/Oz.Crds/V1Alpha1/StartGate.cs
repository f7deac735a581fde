namespace Oz.Crds.V1Alpha1;

/// <summary>
/// An AgentTask annotation that holds back the task's Job, like a pod's <c>schedulingGates</c>:
/// while it is set the controller creates no Job (the task stays Pending), and whoever set it
/// removes it once what the pod needs exists.
/// </summary>
/// <remarks>
/// The Oz bridge needs it for the task's env Secret. The Secret must be owned by the AgentTask
/// (garbage collection removes it with the task, and a crash can never leave credentials
/// behind), so it can only be created once the AgentTask has a uid, i.e. after it. Without the
/// gate a fast controller could start the pod before the Secret exists: CreateContainerConfigError,
/// which the classifier takes as a failure. Creating the Secret first instead would leave an
/// unowned Secret with credentials after a crash (nothing lists Secrets to clean it up), and
/// taking CreateContainerConfigError as transient would only hide the race, and delay real
/// failures. The gate costs the bridge one patch and the controller no extra API request: the
/// patch arrives on the AgentTask watch it already has.
/// </remarks>
public static class StartGate
{
    public const string Annotation = "oz.warp.dev/start-gate";

    /// <summary>The gate's value while the Oz bridge creates the task's env Secret.</summary>
    public const string EnvSecret = "env-secret";

    /// <summary>How long a task may stay gated before it fails: the gate's owner crashed or gave up.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The gate holding the task back, or null when it may start.</summary>
    public static string? Of(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Metadata.Annotations?.TryGetValue(Annotation, out var gate) == true && !string.IsNullOrEmpty(gate) ? gate : null;
    }
}
