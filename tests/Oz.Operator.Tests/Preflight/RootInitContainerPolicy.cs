using Oz.KubeSim.Admission;
using Oz.KubeSim.Api;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// A policy like Gatekeeper's or Pod Security's: rejects (or only warns about) pods, and optionally
/// pod templates of Jobs, whose init containers do not declare runAsNonRoot.
/// </summary>
internal sealed class RootInitContainerPolicy(bool checkJobs, bool checkPods, bool warnOnly = false) : IAdmissionRule
{
    public const string Message = "admission webhook \"validation.gatekeeper.sh\" denied the request: [psp-pods-must-run-as-nonroot] Container copy-sidecar-0 is attempting to run as root";

    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Create)
        {
            return AdmissionDecision.Allow;
        }

        var podSpec = request.Type.Kind switch
        {
            "Job" when checkJobs => request.Object["spec"]?["template"]?["spec"] as JsonObject,
            "Pod" when checkPods => request.Object["spec"] as JsonObject,
            _ => null,
        };
        var rootInit = (podSpec?["initContainers"] as JsonArray)?
            .OfType<JsonObject>()
            .Any(c => c["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() != true) == true;
        if (!rootInit)
        {
            return AdmissionDecision.Allow;
        }

        return warnOnly
            ? AdmissionDecision.Warn("would violate PodSecurity \"restricted:latest\": runAsNonRoot != true (container \"copy-sidecar-0\" must not set securityContext.runAsNonRoot=false)")
            : AdmissionDecision.Deny(new ApiException(403, "Forbidden", Message));
    }
}
