using System.Net;
using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Reads the task namespace's Pod Security labels (<c>pod-security.kubernetes.io/enforce</c>,
/// <c>warn</c>, <c>audit</c>), names the levels found and whether the configured task pod shape (the
/// dry-run Job's pod: podTemplate, a sidecar copied or mounted as an image volume) passes them.
/// Fails only when the enforce level would refuse the task pod, since every task would then fail
/// with PodSecurity; a warn or audit level it breaks is a warning. Reading the namespace needs
/// <c>get</c> on that one Namespace (cluster-scoped); without it the check warns and says what to grant.
/// </summary>
public sealed class PodSecurityCheck : IPreflightCheck
{
    public const string CheckName = "pod-security";

    public const string Refused = "PodSecurityRefused";

    private const string LabelPrefix = "pod-security.kubernetes.io/";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ns = context.Options.Namespace;
        using var deadline = context.StartRequestDeadline(cancellationToken);
        V1Namespace namespaceObject;
        try
        {
            namespaceObject = await TransientRetry.RunAsync(() => context.Client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: deadline.Token), deadline.Token, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var message = e is OperationCanceledException ? "no answer" : ApiErrors.Message(e);
            var fix = ApiErrors.Code(e) == HttpStatusCode.Forbidden
                ? $"grant the operator's ServiceAccount get on the Namespace {ns} (a ClusterRole rule {{apiGroups: [\"\"], resources: [\"namespaces\"], resourceNames: [\"{ns}\"], verbs: [\"get\"]}}; " +
                  "chart: rbac.readTaskNamespace=true, raw manifests: config/rbac/namespace_reader.yaml)"
                : "check the API server's answer above";
            return new PreflightCheckResult(Name, PreflightStatus.Warning, $"could not read the Pod Security level of namespace {ns}: {message}", fix, "NamespaceUnreadable");
        }

        IReadOnlyDictionary<string, string> labels = namespaceObject.Metadata?.Labels?.ToDictionary() ?? [];
        var shape = PreflightJobFactory.DryRunJob(context.Options, context.RunId).Spec.Template.Spec;
        var passes = PodSecurityLevels.Passed(shape);
        var modes = new[] { "enforce", "warn", "audit" }
            .Select(mode => (Mode: mode, Level: labels.GetValueOrDefault(LabelPrefix + mode), Version: labels.GetValueOrDefault($"{LabelPrefix}{mode}-version") ?? "latest"))
            .ToList();
        var found = string.Join(", ", modes.Select(m => m.Level is null ? $"{m.Mode} not set" : $"{m.Mode}={m.Level}:{m.Version}"));
        var detail = $"namespace {ns}: {found}; the configured task pod (with a sidecar {(context.Options.UseImageVolumes ? "as an image volume" : "copied by a root init container")}) passes {passes}";
        var broken = modes.Where(m => m.Level is not null && PodSecurityLevels.Strictness(m.Level) is { } strictness && strictness > PodSecurityLevels.Strictness(passes)).ToList();
        if (broken.Count == 0)
        {
            return PreflightCheckResult.Pass(Name, detail);
        }

        var why = string.Join("; ", broken.Select(m => $"{m.Mode}={m.Level}: {string.Join(", ", PodSecurityLevels.Violations(m.Level!, shape))}"));
        const string fixText = "run the task pod shape the level admits (restricted: useImageVolumes=true, no readWrite sidecars and a podTemplate with " +
            "securityContext.runAsNonRoot=true; see docs/security.md, Pod Security levels), or label the namespace with a level that admits it " +
            "(e.g. pod-security.kubernetes.io/enforce=baseline)";
        return broken.Any(m => m.Mode == "enforce")
            ? PreflightCheckResult.Fail(Name, Refused, $"{detail}; the enforce level refuses task pods with sidecars ({why})", fixText)
            : new PreflightCheckResult(Name, PreflightStatus.Warning, $"{detail}; task pods with sidecars would draw {why}", fixText, "PodSecurityWarning");
    }
}
