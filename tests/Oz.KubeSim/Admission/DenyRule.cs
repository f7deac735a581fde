namespace Oz.KubeSim.Admission;

/// <summary>
/// Rejects matching requests as a policy webhook (Gatekeeper, Kyverno) would:
/// <c>admission webhook "validation.gatekeeper.sh" denied the request: [rule] message</c>.
/// </summary>
public sealed class DenyRule(Func<AdmissionRequest, bool> matches, string message, string webhook = "validation.gatekeeper.sh") : IAdmissionRule
{
    public AdmissionDecision Review(AdmissionRequest request) =>
        matches(request)
            ? AdmissionDecision.Deny(new ApiException(403, "Forbidden", $"admission webhook \"{webhook}\" denied the request: {message}", StatusObjects.Details(request.Type, request.Name)))
            : AdmissionDecision.Allow;
}
