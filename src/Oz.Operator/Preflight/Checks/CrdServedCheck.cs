using System.Net;
using k8s;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// The operator's CRDs are installed and served: discovery lists oz.warp.dev/v1alpha1 and both
/// agenttasks and agenttaskschedules answer (the schedule controller's watch never syncs without
/// its CRD, so an install that kept an older CRD set fails here, by name, instead of never getting ready).
/// </summary>
public sealed class CrdServedCheck : IPreflightCheck
{
    public const string CheckName = "agenttask-crd";

    public const string FixHint = "install the CRDs: kubectl apply -f config/crd (or helm upgrade with crds.install=true)";

    private static readonly string[] Plurals = [AgentTask.Plural, AgentTaskSchedule.Plural];

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.StartRequestDeadline(cancellationToken);
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

            var forbidden = new List<string>();
            foreach (var plural in Plurals)
            {
                try
                {
                    await TransientRetry.RunAsync(
                        () => context.Client.CustomObjects.ListNamespacedCustomObjectAsync(
                            AgentTask.Group, AgentTask.Version, context.Options.Namespace, plural, limit: 1, cancellationToken: deadline.Token),
                        deadline.Token,
                        cancellationToken);
                }
                catch (Exception e) when (ApiErrors.Code(e) == HttpStatusCode.Forbidden)
                {
                    // Served, but this identity may not list: the permissions check names the missing verb.
                    forbidden.Add(plural);
                }
                catch (Exception e) when (ApiErrors.Code(e) == HttpStatusCode.NotFound)
                {
                    return PreflightCheckResult.Fail(Name, "CrdMissing", $"{plural}.{AgentTask.Group}/{AgentTask.Version} is not served: {ApiErrors.Message(e)}", FixHint);
                }
            }

            var servedCrds = $"{string.Join(" and ", Plurals)}.{AgentTask.Group}/{AgentTask.Version} are served";
            return PreflightCheckResult.Pass(Name, forbidden.Count == 0 ? servedCrds : $"{servedCrds} (listing {string.Join(", ", forbidden)} is forbidden, see permissions)");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return PreflightCheckResult.Fail(Name, "DiscoveryFailed", $"cannot read API discovery: {ApiErrors.Message(e)}", "check the API server's health and that discovery (/apis) is allowed");
        }
    }
}
