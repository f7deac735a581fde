namespace Oz.KubeSim.Tests.Contract;

/// <summary>Request checks of single built-in kinds: Leases need a resourceVersion to update, access reviews a spec.</summary>
public abstract class ApiValidationContract : ClusterTestBase
{
    [Test]
    public async Task ALeaseUpdateWithoutAResourceVersionIsInvalid()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } };
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Ns);
        var update = new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "b" } };

        var (code, status) = await FailureOf(() => Client.CoordinationV1.ReplaceNamespacedLeaseAsync(update, "l", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Is.EqualTo("Lease.coordination.k8s.io \"l\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"));
        });
    }

    [Test]
    public async Task ALeaseUpdateWithItsResourceVersionIsAccepted()
    {
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "ok" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } };
        var created = await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Ns);
        created.Spec.HolderIdentity = "b";

        var updated = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "ok", Ns);

        Assert.That(updated.Spec.HolderIdentity, Is.EqualTo("b"));
    }

    [Test]
    public async Task ASelfSubjectAccessReviewWithAnEmptySpecIsInvalid()
    {
        var review = new V1SelfSubjectAccessReview { Spec = new V1SelfSubjectAccessReviewSpec() };

        var (code, status) = await FailureOf(() => Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        });
    }
}
