
namespace Oz.Operator.Tests.Docs;

/// <summary>docs/oz.md: how runs reach this worker and the migration from oz-agent-worker, reachable from the README.</summary>
public sealed class OzGuideTests
{
    private static string Guide => File.ReadAllText(RepositoryPaths.PathOf("docs/oz.md"));

    [Test]
    public void TheOzGuideIsLinkedFromTheReadmeAndTheConfigurationReference() =>
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("README.md")), Does.Contain("(docs/oz.md)"));
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("docs/configuration.md")), Does.Contain("(oz.md)"));
        });

    [TestCase("oz agent run-cloud --host")]
    [TestCase("Schedules")]
    [TestCase("Integrations")]
    [TestCase("API")]
    [TestCase("Web UI")]
    public void TheOzGuideNamesEveryWayOfRoutingARunToTheWorker(string way) =>
        Assert.That(Guide, Does.Contain(way));

    [TestCase("Connected to Oz")]
    [TestCase("Listening for tasks")]
    public void TheOzGuideNamesTheLogLinesUsersLookFor(string words) =>
        Assert.That(Guide, Does.Contain(words));

    [TestCase("config convert")]
    [TestCase("Migrating from oz-agent-worker")]
    [TestCase("WARP_API_KEY")]
    [TestCase("RBAC")]
    [TestCase("CRD")]
    [TestCase("3382ab6")]
    public void TheMigrationChecklistCoversConfigChartValuesCredentialsRbacAndTheCrd(string topic) =>
        Assert.That(Guide, Does.Contain(topic));
}
