namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's Secret stringData contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sSecretContract : SecretContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
