namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's patch contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sPatchContract : PatchContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
