namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's list paging contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sListPagingContract : ListPagingContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();

    // K3s's datastore compacts on its own schedule (every five minutes, keeping the last 1000
    // revisions); neither the API nor K3s offers compaction on demand, so this case cannot be forced.
    protected override Task CompactAsync()
    {
        Assert.Ignore("K3s compacts its datastore on its own schedule; no API compacts on demand");
        return Task.CompletedTask;
    }
}
