namespace Oz.Chart.Tests.Rendering;

/// <summary>taskNetworkPolicy: an egress policy for task pods that keeps them from the cloud metadata endpoint and the API server.</summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class TaskNetworkPolicyTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private const string Metadata = "169.254.169.254/32";

    [Test]
    public void NoNetworkPolicyIsRenderedByDefault()
    {
        Assert.That(RenderWith().Kinds, Has.None.EqualTo("NetworkPolicy"));
    }

    [Test]
    public void TheEnabledPolicySelectsTaskPodsAndBlocksTheMetadataEndpointAndTheApiServer()
    {
        var policy = RenderWith("--set", "taskNetworkPolicy.enabled=true", "--set", "taskNetworkPolicy.apiServerCIDRs={10.0.0.10/32}")
            .Single<V1NetworkPolicy>("oz-oz-operator-tasks");

        var blocks = policy.Spec.Egress.SelectMany(e => e.To).Where(t => t.IpBlock is not null).Select(t => t.IpBlock).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(policy.Spec.PolicyTypes, Is.EqualTo(new[] { "Egress" }));
            Assert.That(policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/managed-by"], Is.EqualTo("oz-operator"));
            Assert.That(blocks.Single().Cidr, Is.EqualTo("0.0.0.0/0"));
            Assert.That(blocks.Single().Except, Is.EqualTo(new[] { Metadata, "10.0.0.10/32" }));
            Assert.That(policy.Spec.Egress.SelectMany(e => e.Ports ?? []).Select(p => p.Port.Value), Has.All.EqualTo("53"));
        });
    }

    [Test]
    public void AnAllowlistNarrowsEgressToItsCidrs()
    {
        var policy = RenderWith("--set", "taskNetworkPolicy.enabled=true", "--set", "taskNetworkPolicy.egressAllowlist={140.82.112.0/20}")
            .Single<V1NetworkPolicy>("oz-oz-operator-tasks");

        var cidrs = policy.Spec.Egress.SelectMany(e => e.To).Where(t => t.IpBlock is not null).Select(t => t.IpBlock.Cidr);
        Assert.That(cidrs, Is.EqualTo(new[] { "140.82.112.0/20" }));
    }
}
