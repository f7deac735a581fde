namespace Oz.Operator.K3sTests.Contract;

/// <summary>The simulator's events contract, run against the real API server of K3s.</summary>
[TestFixture]
public sealed class K3sEventsContract : EventsContract
{
    protected override IClusterProvider CreateProvider() => new K3sClusterProvider();
}
