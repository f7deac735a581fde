namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's CEL validation contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sCelValidationContract : CelValidationContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
