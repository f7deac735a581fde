using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

[NonParallelizable]
public sealed class PermissionsCheckTests
{
    private PreflightCluster cluster = null!;

    public static IEnumerable<TestCaseData> EachRequiredVerb() =>
        RequiredPermissions.All.SelectMany(requirement => requirement.Verbs.Select(verb =>
            new TestCaseData(requirement, verb).SetArgDisplayNames(requirement.DisplayName, verb)));

    [OneTimeSetUp]
    public async Task StartCluster() => cluster = await PreflightCluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopCluster() => await cluster.DisposeAsync();

    [Test]
    public async Task AllRequiredVerbsGrantedPasses()
    {
        cluster.GrantAllExcept(null, null);
        using var client = cluster.CreateClient();

        var result = await new PermissionsCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
    }

    [TestCaseSource(nameof(EachRequiredVerb))]
    public async Task AMissingVerbIsListedWithTheRoleRuleToAdd(PermissionRequirement requirement, string verb)
    {
        cluster.GrantAllExcept(requirement, verb);
        using var client = cluster.CreateClient();

        var result = await new PermissionsCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo("Forbidden"));
            Assert.That(result.Detail, Is.EqualTo($"missing in namespace {PreflightCluster.Namespace}: {requirement.DisplayName}: {verb}"));
            Assert.That(result.Fix, Does.Contain($"{{apiGroups: [\"{requirement.Group}\"], resources: [\"{requirement.RuleResource}\"], verbs: [\"{verb}\"]}}"));
            Assert.That(result.Fix, Does.Contain("Role"));
        });
    }

    [Test]
    public async Task SeveralMissingVerbsOfOneResourceShareOneRule()
    {
        cluster.RevokeAll();
        using var client = cluster.CreateClient();

        var result = await new PermissionsCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Detail, Does.Contain("jobs.batch: get, list, watch, create, delete"));
            Assert.That(result.Fix, Does.Contain("{apiGroups: [\"batch\"], resources: [\"jobs\"], verbs: [\"get\", \"list\", \"watch\", \"create\", \"delete\"]}"));
        });
    }
}
