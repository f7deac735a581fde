using System.Text;
using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Asks the API server, by SelfSubjectAccessReview, for every verb in <see cref="RequiredPermissions"/>
/// in the namespace where it is needed (the task namespace, or the Lease's: the operator pod's own),
/// and lists each missing one with the Role rule that grants it.
/// </summary>
public sealed class PermissionsCheck : IPreflightCheck
{
    public const string CheckName = "permissions";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var taskNamespace = context.Options.Namespace;
        var leaseNamespace = context.Settings.LeaseNamespace ?? taskNamespace;

        // A verb needed in both scopes is asked once when they are one namespace.
        var reviews = RequiredPermissions.All
            .SelectMany(requirement => requirement.Verbs.Select(verb =>
                (Requirement: requirement, Verb: verb, Namespace: requirement.Scope == PermissionScope.LeaseNamespace ? leaseNamespace : taskNamespace)))
            .DistinctBy(item => (item.Requirement.Group, item.Requirement.RuleResource, item.Verb, item.Namespace))
            .Select(async item => (item.Requirement, item.Verb, item.Namespace, Outcome: await ReviewAsync(context, item.Requirement, item.Verb, item.Namespace, cancellationToken)))
            .ToList();
        var results = await Task.WhenAll(reviews);

        var errors = results.Where(r => r.Outcome.Error is not null).ToList();
        if (errors.Count > 0)
        {
            var first = errors[0];
            return PreflightCheckResult.Fail(
                Name,
                "AccessReviewFailed",
                $"{errors.Count} access review(s) failed, e.g. {first.Verb} {first.Requirement.DisplayName}: {first.Outcome.Error}",
                "SelfSubjectAccessReview must be allowed (it is, for every authenticated user, unless the cluster removed system:basic-user)");
        }

        var missing = results
            .Where(r => !r.Outcome.Allowed)
            .GroupBy(r => r.Namespace)
            .Select(byNamespace => (
                Namespace: byNamespace.Key,
                Lease: byNamespace.Key != taskNamespace,
                Missing: byNamespace.GroupBy(r => r.Requirement).Select(g => (Requirement: g.Key, Verbs: g.Select(r => r.Verb).ToList())).ToList()))
            .ToList();
        var namespaces = leaseNamespace == taskNamespace ? $"namespace {taskNamespace}" : $"namespaces {taskNamespace} (tasks) and {leaseNamespace} (Lease)";
        if (missing.Count == 0)
        {
            return PreflightCheckResult.Pass(Name, $"all {results.Length} required verbs allowed in {namespaces}");
        }

        var detail = string.Join(
            "; ",
            missing.Select(m => $"missing in namespace {m.Namespace}: " + string.Join("; ", m.Missing.Select(r => $"{r.Requirement.DisplayName}: {string.Join(", ", r.Verbs)}"))));
        return PreflightCheckResult.Fail(Name, "Forbidden", detail, string.Join("; ", missing.Select(m => FixFor(m.Missing, m.Namespace, m.Lease))));
    }

    /// <summary>The rules to add to the operator's Role, in the Role's own YAML flow syntax.</summary>
    private static string FixFor(IEnumerable<(PermissionRequirement Requirement, List<string> Verbs)> missing, string ns, bool leaseRole)
    {
        var role = leaseRole
            ? $"add to the operator's leader-election Role in namespace {ns} (chart: the -leader-election Role in templates/role.yaml): "
            : $"add to the operator's Role in namespace {ns} (chart: templates/role.yaml, or config/rbac/role.yaml): ";
        var fix = new StringBuilder(role);
        fix.AppendJoin(
            "; ",
            missing.Select(m => $"{{apiGroups: [\"{m.Requirement.Group}\"], resources: [\"{m.Requirement.RuleResource}\"], verbs: [{string.Join(", ", m.Verbs.Select(v => $"\"{v}\""))}]}}"));
        return fix.ToString();
    }

    private static async Task<(bool Allowed, string? Error)> ReviewAsync(
        PreflightContext context, PermissionRequirement requirement, string verb, string ns, CancellationToken cancellationToken)
    {
        var review = new V1SelfSubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SelfSubjectAccessReview",
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes
                {
                    NamespaceProperty = ns,
                    Verb = verb,
                    Group = requirement.Group,
                    Resource = requirement.Resource,
                    Subresource = requirement.Subresource,
                },
            },
        };
        using var deadline = context.StartRequestDeadline(cancellationToken);
        try
        {
            // An access review changes nothing, so a transient failure is safely asked again.
            var answer = await TransientRetry.RunAsync(
                () => context.Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: deadline.Token),
                deadline.Token,
                cancellationToken);
            return (answer.Status?.Allowed == true, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, e is OperationCanceledException ? "timed out" : ApiErrors.Message(e));
        }
    }
}
