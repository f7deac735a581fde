using Oz.Operator.Configuration;

namespace Oz.Operator.Preflight.Checks;

/// <summary>The fix hint for each way the preflight Job can fail.</summary>
public static class JobFixes
{
    public static string For(string reason, OperatorOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        return reason switch
        {
            JobDiagnosis.ImagePull =>
                $"make image '{options.PreflightImage}' pullable from the nodes: check the name and registry access, add imagePullSecrets to podTemplate for a private registry, or set preflightImage to a mirror",
            JobDiagnosis.InvalidImage => $"set preflightImage to a valid image reference (now '{options.PreflightImage}')",
            JobDiagnosis.Unschedulable =>
                "give the pod a node: add capacity, or adjust podTemplate nodeSelector, tolerations, affinity or resource requests",
            JobDiagnosis.FailedCreate or JobDiagnosis.AdmissionDenied => DryRunJobCheck.AdmissionFix,
            JobDiagnosis.FailedMount => $"check podTemplate volumes: every Secret, ConfigMap and PVC they name must exist in namespace {options.Namespace}",
            JobDiagnosis.ContainerCreate => "check podTemplate env, envFrom and volume references (missing Secret or ConfigMap keys)",
            JobDiagnosis.ContainerExit =>
                "the preflight image must provide /bin/sh and cp (copy-sidecar init container); use busybox or set preflightImage to such an image",
            JobDiagnosis.Evicted => "the node evicted the pod: check node pressure (memory, disk) and podTemplate resources",
            JobDiagnosis.RequestFailed =>
                $"the API server did not act on the request: check its health (and the operator's credentials and namespace {options.Namespace}), then run preflight again",
            JobDiagnosis.WatchFailed =>
                "the operator could not read the API server's watch events (see the operator's log for the error): check that the API server's version is supported, then run preflight again",
            JobDiagnosis.Timeout =>
                $"the Job did not finish within {timeout.TotalSeconds:0.#}s: check node capacity, image pull speed and pending pods (kubectl describe pod), or raise the timeout",
            _ => "inspect the Job and its pod with kubectl describe",
        };
    }
}
