using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks.Security;

/// <summary>A Secret an AgentTask's spec names, and where (for the status message).</summary>
public sealed record SecretReference(string Name, string Path)
{
    /// <summary>
    /// Every Secret the spec can make the task pod read: <c>env[].valueFrom.secretKeyRef</c> and
    /// <c>envFrom[].secretRef</c>. The spec has no other way to name one (sidecars are images, the
    /// pod template is the operator's configuration, not the task author's). Empty names are
    /// left out: Kubernetes refuses such a pod anyway.
    /// </summary>
    public static IReadOnlyList<SecretReference> Of(AgentTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var found = new List<SecretReference>();
        foreach (var (variable, index) in (spec.Env ?? []).Select((v, i) => (v, i)))
        {
            if (variable?.ValueFrom?.SecretKeyRef?.Name is { Length: > 0 } name)
            {
                found.Add(new SecretReference(name, $"spec.env[{index}].valueFrom.secretKeyRef"));
            }
        }

        foreach (var (source, index) in (spec.EnvFrom ?? []).Select((s, i) => (s, i)))
        {
            if (source?.SecretRef?.Name is { Length: > 0 } name)
            {
                found.Add(new SecretReference(name, $"spec.envFrom[{index}].secretRef"));
            }
        }

        return found;
    }
}
