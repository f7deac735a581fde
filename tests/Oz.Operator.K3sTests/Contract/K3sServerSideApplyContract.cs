namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's server-side apply contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sServerSideApplyContract : ServerSideApplyContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
