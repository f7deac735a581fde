using System.Security.Cryptography;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Operator.Configuration;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Preflight;

/// <summary>Records the <c>PreflightPassed</c> Event (events.k8s.io/v1) regarding the operator's leader-election Lease.</summary>
public sealed class PreflightEventRecorder(IKubernetes client, OperatorOptions options, PreflightSettings settings, ILogger logger)
{
    public const string Reason = "PreflightPassed";
    public const string ReportingController = "oz.warp.dev/oz-operator";

    public async Task RecordPassedAsync(PreflightReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lease = options.LeaderElection.LeaseName;

        // The Lease lives in the operator pod's namespace, which may not be the task namespace.
        var ns = settings.LeaseNamespace ?? options.Namespace;
        var evt = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{lease}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
                NamespaceProperty = ns,
            },
            EventTime = DateTime.UtcNow,
            Type = "Normal",
            Reason = Reason,
            Action = "Preflight",
            Note = StatusText.Head($"all {report.Results.Count} preflight checks passed: " + string.Join(", ", report.Results.Select(r => $"{r.Name} {r.Status}")), StatusText.MaxEventNoteBytes),
            ReportingController = ReportingController,
            ReportingInstance = StatusText.Head(settings.ReportingInstance, StatusText.MaxEventReportingInstanceBytes),
            Regarding = new V1ObjectReference
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                NamespaceProperty = ns,
                Name = lease,
            },
        };
        try
        {
            await client.EventsV1.CreateNamespacedEventAsync(evt, ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // An Event is a courtesy to people running kubectl describe; it never fails preflight.
            logger.LogWarning("Cannot record the {Reason} Event on Lease {Namespace}/{Lease}: {Message}", Reason, ns, lease, ApiErrors.Message(e));
        }
    }
}
