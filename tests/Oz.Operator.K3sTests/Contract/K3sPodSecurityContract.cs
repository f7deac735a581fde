namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's Pod Security admission contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sPodSecurityContract : PodSecurityContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
