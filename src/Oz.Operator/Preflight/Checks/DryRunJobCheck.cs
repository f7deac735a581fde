using System.Net;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Server-side dry-run create (dryRun=All) of a task Job with the real pod shape: admission
/// (Pod Security, Gatekeeper, Kyverno, webhooks) judges it without anything being stored.
/// Denials are reported verbatim; admission warnings (e.g. Pod Security in warn mode) as a warning.
/// </summary>
public sealed class DryRunJobCheck : IPreflightCheck
{
    public const string CheckName = "dry-run-job";

    public const string AdmissionFix =
        "the namespace's admission policy must admit the task pod, whose copy-sidecar init containers run as root: " +
        "allow it (e.g. pod-security.kubernetes.io/enforce=baseline on the namespace, or a policy exception for app.kubernetes.io/managed-by=oz-operator), " +
        "adjust podTemplate, or set useImageVolumes=true";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = PreflightJobFactory.DryRunJob(context.Options, context.RunId);
        using var deadline = context.StartRequestDeadline(cancellationToken);
        try
        {
            // A dry run stores nothing, so a transient failure is safely sent again.
            using var response = await TransientRetry.RunAsync(
                () => context.Client.BatchV1.CreateNamespacedJobWithHttpMessagesAsync(
                    job, context.Options.Namespace, dryRun: "All", cancellationToken: deadline.Token),
                deadline.Token,
                cancellationToken);
            var warnings = ApiErrors.Warnings(response.Response);
            return warnings.Count == 0
                ? PreflightCheckResult.Pass(Name, $"a task Job ({job.Spec.Template.Spec.InitContainers?.Count ?? 0} init container(s)) is admitted")
                : new PreflightCheckResult(Name, PreflightStatus.Warning, "admitted with warnings: " + string.Join("; ", warnings), AdmissionFix, "AdmissionWarning");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = e is OperationCanceledException ? "no answer" : ApiErrors.Message(e);
            if (ApiErrors.Code(e) == HttpStatusCode.Forbidden && message.Contains("cannot create resource", StringComparison.Ordinal))
            {
                return PreflightCheckResult.Fail(Name, "Forbidden", message, "grant create on jobs.batch in the operator's Role (see permissions)");
            }

            return ApiErrors.Code(e) is null or HttpStatusCode.Conflict or >= HttpStatusCode.InternalServerError
                ? PreflightCheckResult.Fail(Name, "RequestFailed", $"dry-run create failed: {message}", "check the API server's health")
                : PreflightCheckResult.Fail(Name, "AdmissionDenied", message, AdmissionFix);
        }
    }
}
