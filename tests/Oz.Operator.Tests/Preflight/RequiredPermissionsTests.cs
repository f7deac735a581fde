using Oz.Operator.Preflight;

namespace Oz.Operator.Tests.Preflight;

public sealed class RequiredPermissionsTests
{
    /// <summary>What the operator does (reconcile, Events, leader election, preflight), as "group resource verb".</summary>
    private static readonly string[] Needed =
    [
        "batch jobs get", "batch jobs list", "batch jobs watch", "batch jobs create", "batch jobs delete",
        " pods get", " pods list", " pods watch", " pods/log get", " secrets get", " secrets create",
        "events.k8s.io events create", "events.k8s.io events patch",
        "oz.warp.dev agenttasks get", "oz.warp.dev agenttasks list", "oz.warp.dev agenttasks watch", "oz.warp.dev agenttasks create",
        "oz.warp.dev agenttasks update", "oz.warp.dev agenttasks patch", "oz.warp.dev agenttasks delete",
        "oz.warp.dev agenttasks/status get", "oz.warp.dev agenttasks/status update", "oz.warp.dev agenttasks/status patch",
        "oz.warp.dev agenttasks/finalizers update",
        "oz.warp.dev agenttaskschedules get", "oz.warp.dev agenttaskschedules list", "oz.warp.dev agenttaskschedules watch",
        "oz.warp.dev agenttaskschedules/status get", "oz.warp.dev agenttaskschedules/status update", "oz.warp.dev agenttaskschedules/status patch",
        "oz.warp.dev agenttaskschedules/finalizers update",
        "coordination.k8s.io leases get", "coordination.k8s.io leases create", "coordination.k8s.io leases update",
    ];

    [Test]
    public void EveryVerbTheOperatorUsesIsRequired()
    {
        var listed = RequiredPermissions.All.SelectMany(p => p.Verbs.Select(v => $"{p.Group} {p.RuleResource} {v}")).ToList();

        Assert.That(listed, Is.SupersetOf(Needed));
    }

    [Test]
    public void NoResourceIsListedTwice() =>
        Assert.That(RequiredPermissions.All.Select(p => (p.Group, p.RuleResource, p.Scope)), Is.Unique);

    [Test]
    public void LeasesAreNeededWhereTheLeaseLivesAndNothingElseOfTheTasks() =>
        Assert.That(
            RequiredPermissions.All.Where(p => p.Scope == PermissionScope.LeaseNamespace).Select(p => p.DisplayName),
            Is.EquivalentTo(new[] { "leases.coordination.k8s.io", "events.events.k8s.io" }));
}
