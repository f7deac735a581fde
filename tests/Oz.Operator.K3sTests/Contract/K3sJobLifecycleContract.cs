namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's Job and pod lifecycle contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sJobLifecycleContract : JobLifecycleContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
