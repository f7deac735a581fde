using System.Net;
using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Finds out, by a server-side dry-run create of the task Job with its sidecar as an image volume,
/// whether the API server serves image volumes (the ImageVolume feature: alpha in Kubernetes
/// 1.31–1.32, beta but off by default in 1.33–1.34, on by default from 1.35). A server without it
/// drops the unknown <c>image</c> volume source and refuses the Job with 422 ("must specify a volume
/// type"). With <c>useImageVolumes</c> on that refusal would fail every task, so it fails preflight;
/// with it off the answer is only reported. Whether the nodes' container runtime can mount them is
/// shown by the preflight Job, which uses them when <c>useImageVolumes</c> is on.
/// </summary>
public sealed class ImageVolumeCheck : IPreflightCheck
{
    public const string CheckName = "image-volumes";

    public const string NotServed = "ImageVolumesNotServed";

    public const string Fix =
        "set useImageVolumes=false (sidecars are then copied by init containers), or enable the ImageVolume feature gate " +
        "(alpha in Kubernetes 1.31-1.32, beta but off by default in 1.33-1.34, on by default from 1.35) on the API server, scheduler and kubelets";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var wanted = context.Options.UseImageVolumes;
        var job = PreflightJobFactory.ImageVolumeDryRunJob(context.Options, context.RunId);
        using var deadline = context.StartRequestDeadline(cancellationToken);
        bool served;
        string evidence;
        try
        {
            var admitted = await TransientRetry.RunAsync(
                () => context.Client.BatchV1.CreateNamespacedJobAsync(job, context.Options.Namespace, dryRun: "All", cancellationToken: deadline.Token),
                deadline.Token,
                cancellationToken);
            served = HasImageVolume(admitted);
            evidence = served ? "a Job with an image volume is accepted" : "the API server dropped the image volume source";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = e is OperationCanceledException ? "no answer" : ApiErrors.Message(e);
            if (ApiErrors.Code(e) != HttpStatusCode.UnprocessableEntity || !message.Contains("volumes", StringComparison.Ordinal))
            {
                // A refusal for another reason (RBAC, a policy) says nothing about image volumes; the dry-run-job check reports it.
                return wanted
                    ? PreflightCheckResult.Fail(Name, JobDiagnosis.RequestFailed, $"cannot tell whether image volumes are served: {message}", Fix)
                    : PreflightCheckResult.Skip(Name, $"cannot tell whether image volumes are served: {message}");
            }

            served = false;
            evidence = message;
        }

        if (served)
        {
            return PreflightCheckResult.Pass(Name, $"image volumes are served ({evidence}); useImageVolumes is {(wanted ? "on" : "off")}");
        }

        return wanted
            ? PreflightCheckResult.Fail(Name, NotServed, $"useImageVolumes is on but this API server does not serve image volumes: {evidence}", Fix)
            : PreflightCheckResult.Pass(Name, $"image volumes are not served ({evidence}); useImageVolumes is off, so sidecars are copied by init containers");
    }

    private static bool HasImageVolume(V1Job job) =>
        job.Spec?.Template?.Spec?.Volumes?.Any(volume => volume.Image?.Reference is { Length: > 0 }) == true;
}
