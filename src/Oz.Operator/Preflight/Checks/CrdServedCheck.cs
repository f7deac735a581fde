using System.Net;
using k8s;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Preflight.Checks;

/// <summary>The AgentTask CRD is installed and served: discovery lists oz.warp.dev/v1alpha1 and agenttasks answers.</summary>
public sealed class CrdServedCheck : IPreflightCheck
{
    public const string CheckName = "agenttask-crd";

    public const string FixHint = "install the CRD: kubectl apply -f config/crd (or helm upgrade with crds.install=true)";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(context.Settings.RequestTimeout);
        var resource = $"{AgentTask.Plural}.{AgentTask.Group}/{AgentTask.Version}";
        try
        {
            var groups = await TransientRetry.RunAsync(() => context.Client.Apis.GetAPIVersionsAsync(deadline.Token), deadline.Token, cancellationToken);
            var group = groups.Groups?.FirstOrDefault(g => g.Name == AgentTask.Group);
            if (group is null)
            {
                return PreflightCheckResult.Fail(Name, "CrdMissing", $"the API group {AgentTask.Group} is not served: the AgentTask CRD is not installed", FixHint);
            }

            if (group.Versions?.Any(v => v.Version == AgentTask.Version) != true)
            {
                var served = string.Join(", ", group.Versions?.Select(v => v.Version) ?? []);
                return PreflightCheckResult.Fail(
                    Name,
                    "CrdVersionMissing",
                    $"{AgentTask.Group} serves versions [{served}] but not {AgentTask.Version}: the installed CRD is from another operator version",
                    FixHint);
            }

            try
            {
                await TransientRetry.RunAsync(
                    () => context.Client.CustomObjects.ListNamespacedCustomObjectAsync(
                        AgentTask.Group, AgentTask.Version, context.Options.Namespace, AgentTask.Plural, limit: 1, cancellationToken: deadline.Token),
                    deadline.Token,
                    cancellationToken);
                return PreflightCheckResult.Pass(Name, $"{resource} is served");
            }
            catch (Exception e) when (ApiErrors.Code(e) == HttpStatusCode.Forbidden)
            {
                // Served, but this identity may not list: the permissions check names the missing verb.
                return PreflightCheckResult.Pass(Name, $"{AgentTask.Group}/{AgentTask.Version} is served (listing {AgentTask.Plural} is forbidden, see permissions)");
            }
            catch (Exception e) when (ApiErrors.Code(e) == HttpStatusCode.NotFound)
            {
                return PreflightCheckResult.Fail(Name, "CrdMissing", $"{resource} is not served: {ApiErrors.Message(e)}", FixHint);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return PreflightCheckResult.Fail(Name, "DiscoveryFailed", $"cannot read API discovery: {ApiErrors.Message(e)}", "check the API server's health and that discovery (/apis) is allowed");
        }
    }
}
