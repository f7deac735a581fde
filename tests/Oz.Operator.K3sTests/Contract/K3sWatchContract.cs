namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's watch contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sWatchContract : WatchContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
