namespace Oz.Crds.V1Alpha1;

/// <summary>
/// The name of an AgentTask's Job: a function of namespace and name only, so a restarted operator
/// finds the Job it already made instead of making a second one.
/// </summary>
public static class JobNaming
{
    /// <summary>
    /// At most 57 characters although Job names may have 63: the Job controller names pods
    /// "&lt;job&gt;-xxxxx" and cuts the "&lt;job&gt;-" prefix at 58, so 57 keeps the whole Job
    /// name, hash included, visible in pod names.
    /// </summary>
    public const int MaxLength = 57;

    /// <summary>Length of the hash suffix; it tells apart tasks whose names sanitise alike.</summary>
    public const int HashLength = 8;

    private const string FallbackPrefix = "agenttask";

    /// <summary>
    /// "&lt;name as DNS-1123 label&gt;-&lt;hash of namespace/name&gt;", truncated before the hash.
    /// </summary>
    public static string JobNameFor(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return JobNameFor(task.Metadata?.NamespaceProperty ?? "", task.Metadata?.Name ?? "");
    }

    /// <inheritdoc cref="JobNameFor(AgentTask)"/>
    public static string JobNameFor(string @namespace, string name)
    {
        var hash = KubernetesNames.Hash(@namespace + "/" + name, HashLength);
        var prefix = KubernetesNames.Dns1123Label(name, MaxLength - HashLength - 1, collapseRuns: true);
        return (prefix.Length == 0 ? FallbackPrefix : prefix) + "-" + hash;
    }
}
