namespace Oz.KubeSim.Admission;

/// <summary>
/// Pod Security admission at "baseline" or "restricted" level for the given namespaces (all when
/// null): pods that violate it are rejected with 403; Jobs are admitted with a warning, as the
/// real admission does, so the failure shows up as the Job controller's FailedCreate.
/// </summary>
public sealed class PodSecurityRule(string level, IReadOnlyCollection<string>? namespaces = null) : IAdmissionRule
{
    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Create || (namespaces is not null && !namespaces.Contains(request.Namespace)))
        {
            return AdmissionDecision.Allow;
        }

        var spec = PodSecurityStandard.PodSpecOf(request);
        if (spec is null)
        {
            return AdmissionDecision.Allow;
        }

        var violations = PodSecurityStandard.Violations(level, spec);
        if (violations.Count == 0)
        {
            return AdmissionDecision.Allow;
        }

        var summary = $"PodSecurity \"{level}:latest\": {string.Join(", ", violations)}";
        return request.Type == BuiltInResources.Pods
            ? AdmissionDecision.Deny(new ApiException(403, "Forbidden", $"pods \"{request.Name}\" is forbidden: violates {summary}", StatusObjects.Details(request.Type, request.Name)))
            : AdmissionDecision.Warn($"would violate {summary}");
    }
}
