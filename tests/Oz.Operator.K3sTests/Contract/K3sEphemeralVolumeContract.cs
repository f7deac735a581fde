namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's generic ephemeral volume contract, run against the real API server and controllers of K3s.</summary>
[TestFixture]
public sealed class K3sEphemeralVolumeContract : EphemeralVolumeContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
