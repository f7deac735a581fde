namespace Oz.KubeSim.Admission;

/// <summary>
/// The built-in PodSecurity admission plugin, driven by the namespace's labels
/// <c>pod-security.kubernetes.io/{enforce,warn}[-version]</c> as on a real API server:
/// a pod violating the enforce level is rejected with 403; a pod violating the warn level, and a
/// pod-template workload (Job) violating it, is admitted with a <c>would violate</c> warning. The
/// enforce level is not applied to workloads, so a Job's pods fail later in the Job controller
/// (FailedCreate). Without a warn label, warn defaults to a stricter enforce level.
/// </summary>
public sealed class NamespacePodSecurityRule(Func<string, IReadOnlyDictionary<string, string>?> namespaceLabels) : IAdmissionRule
{
    private const string Prefix = "pod-security.kubernetes.io/";

    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Create || PodSecurityStandard.PodSpecOf(request) is not { } spec
            || namespaceLabels(request.Namespace) is not { } labels)
        {
            return AdmissionDecision.Allow;
        }

        var enforce = Policy(labels, "enforce");
        var warn = labels.ContainsKey(Prefix + "warn") ? Policy(labels, "warn") : enforce;
        if (request.Type == BuiltInResources.Pods && Summary(enforce, spec) is { } enforced)
        {
            return AdmissionDecision.Deny(new ApiException(403, "Forbidden", $"pods \"{request.Name}\" is forbidden: violates {enforced}", StatusObjects.Details(request.Type, request.Name)));
        }

        return Summary(warn, spec) is { } warned ? AdmissionDecision.Warn($"would violate {warned}") : AdmissionDecision.Allow;
    }

    private static (string Level, string Version) Policy(IReadOnlyDictionary<string, string> labels, string mode) =>
        (labels.GetValueOrDefault(Prefix + mode) ?? "privileged", labels.GetValueOrDefault($"{Prefix}{mode}-version") ?? "latest");

    /// <summary><c>PodSecurity "level:version": violations</c>, or null when the spec satisfies the level.</summary>
    private static string? Summary((string Level, string Version) policy, System.Text.Json.Nodes.JsonObject spec)
    {
        var violations = PodSecurityStandard.Violations(policy.Level, spec);
        return violations.Count == 0 ? null : $"PodSecurity \"{policy.Level}:{policy.Version}\": {string.Join(", ", violations)}";
    }
}
