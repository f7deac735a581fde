using System.Security.Cryptography;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;
using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Preflight;

/// <summary>
/// Records the <c>PreflightPassed</c> Event (events.k8s.io/v1) regarding the operator's own pod, so
/// that <c>kubectl describe pod</c> shows it; outside a pod, regarding the leader-election Lease.
/// Both live in the operator's namespace, which may not be the task namespace.
/// </summary>
public sealed class PreflightEventRecorder(IKubernetes client, OperatorOptions options, PreflightSettings settings, ILogger logger)
{
    public const string Reason = "PreflightPassed";
    public const string ReportingController = "oz.warp.dev/oz-operator";

    public async Task RecordPassedAsync(PreflightReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ns = settings.LeaseNamespace ?? options.Namespace;
        var regarding = settings.PodName is { Length: > 0 } pod
            ? new V1ObjectReference { ApiVersion = "v1", Kind = "Pod", NamespaceProperty = ns, Name = pod }
            : new V1ObjectReference { ApiVersion = "coordination.k8s.io/v1", Kind = "Lease", NamespaceProperty = ns, Name = options.LeaderElection.LeaseNameFor(options.WorkerId) };
        var evt = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                Name = $"{regarding.Name[..Math.Min(regarding.Name.Length, 200)].TrimEnd('-', '.')}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}",
                NamespaceProperty = ns,
            },
            EventTime = DateTime.UtcNow,
            Type = "Normal",
            Reason = Reason,
            Action = "Preflight",
            Note = StatusText.Head($"all {report.Results.Count} preflight checks passed: " + string.Join(", ", report.Results.Select(r => $"{r.Name} {r.Status}")), StatusText.MaxEventNoteBytes),
            ReportingController = ReportingController,
            ReportingInstance = StatusText.Head(settings.ReportingInstance, StatusText.MaxEventReportingInstanceBytes),
            Regarding = regarding,
        };
        try
        {
            await client.EventsV1.CreateNamespacedEventAsync(evt, ns, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            // An Event is a courtesy to people running kubectl describe; it never fails preflight.
            logger.LogWarning("Cannot record the {Reason} Event on {Kind} {Namespace}/{Name}: {Message}", Reason, regarding.Kind, ns, regarding.Name, ApiErrors.Message(e));
        }
    }
}
