using System.Text;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks.Security;

/// <summary>
/// Decides whether an AgentTask may read a Secret. Pure: the Secret as read from the API server,
/// the task and the configuration in, a refusal message (or null) out.
/// </summary>
/// <remarks>
/// The order matters: the refusals that no opt-in can lift come first, so a labelled or listed copy
/// of the operator's credentials or of another task's environment is still refused.
/// <list type="number">
/// <item>The Secret must exist: what is not there cannot be checked (and could later be created
/// under a name nobody opted in).</item>
/// <item>Never: a name in <see cref="TaskSecretOptions.Denied"/>; a Secret holding the operator's
/// API key; another AgentTask's env Secret (owned by another AgentTask).</item>
/// <item>Always: the task's own env Secret (owned by this AgentTask).</item>
/// <item>Opted in: the label <see cref="AccessLabel"/>=<c>"true"</c> on the Secret, or its name in
/// <see cref="TaskSecretOptions.Allowed"/>.</item>
/// </list>
/// </remarks>
public static class SecretAccessPolicy
{
    /// <summary>The label that opts a Secret in for every AgentTask of its namespace.</summary>
    public const string AccessLabel = "oz.warp.dev/task-access";

    public const string AccessLabelValue = "true";

    /// <summary>Why <paramref name="task"/> may not read <paramref name="secret"/>; null when it may.</summary>
    /// <param name="task">The AgentTask (its uid identifies its own env Secret).</param>
    /// <param name="reference">The Secret's name and where the spec names it.</param>
    /// <param name="secret">The Secret as read; null when it does not exist.</param>
    /// <param name="options">The allow and deny lists.</param>
    /// <param name="operatorApiKey">The operator's own API key, when it has one.</param>
    public static string? Refusal(AgentTask task, SecretReference reference, V1Secret? secret, TaskSecretOptions options, string? operatorApiKey)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(options);
        var ns = task.Metadata?.NamespaceProperty ?? "";
        var named = $"Secret \"{reference.Name}\" ({reference.Path})";

        if (secret is null)
        {
            return $"{named} does not exist. Secrets are checked before the task's Job is created: create the Secret, "
                + $"opt it in ({HowToOptIn(reference.Name, ns)}) and create the AgentTask again.";
        }

        if (options.Denied.Contains(reference.Name) || HoldsValue(secret, operatorApiKey))
        {
            return $"{named} holds the operator's credentials and can never be used by a task.";
        }

        var owner = AgentTaskOwner(secret);
        if (owner is not null)
        {
            if (!string.IsNullOrEmpty(task.Metadata?.Uid) && owner.Uid == task.Metadata.Uid)
            {
                return null;
            }

            return $"{named} is the environment Secret of AgentTask \"{owner.Name}\" and can never be used by another task.";
        }

        if (secret.Metadata?.Labels?.TryGetValue(AccessLabel, out var label) == true && label == AccessLabelValue)
        {
            return null;
        }

        return options.Allowed.Contains(reference.Name)
            ? null
            : $"{named} is not opted in for tasks. To allow it: {HowToOptIn(reference.Name, ns)}; then create the AgentTask again.";
    }

    private static string HowToOptIn(string name, string ns) =>
        $"kubectl label secret {name} -n {ns} {AccessLabel}={AccessLabelValue}, or add {name} to the operator's taskSecrets.allowed";

    /// <summary>The AgentTask that owns the Secret (an env Secret the Oz bridge made), if any.</summary>
    private static V1OwnerReference? AgentTaskOwner(V1Secret secret) =>
        secret.Metadata?.OwnerReferences?.FirstOrDefault(r =>
            r.Kind == AgentTask.KindName && (r.ApiVersion ?? "").StartsWith(AgentTask.Group + "/", StringComparison.Ordinal));

    /// <summary>Whether any of the Secret's values is <paramref name="value"/> (surrounding whitespace ignored).</summary>
    private static bool HoldsValue(V1Secret secret, string? value)
    {
        var wanted = value?.Trim();
        if (string.IsNullOrEmpty(wanted))
        {
            return false;
        }

        var data = (secret.Data ?? new Dictionary<string, byte[]>()).Values.Select(bytes => Encoding.UTF8.GetString(bytes ?? []));
        var stringData = (secret.StringData ?? new Dictionary<string, string>()).Values;
        return data.Concat(stringData).Any(v => (v ?? "").Trim() == wanted);
    }
}
