using k8s;
using k8s.Models;
using Oz.KubeSim.Tests.Fixtures;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>Object-count ResourceQuotas: enforced on create with the 403 "exceeded quota" text, usage kept in status.</summary>
public abstract class ResourceQuotaContract : ClusterTestBase
{
    [Test]
    public async Task ACreateOverTheJobCountIsForbiddenWithTheExceededQuotaMessage()
    {
        await CreateQuotaAsync("jobs", new Dictionary<string, ResourceQuantity> { ["count/jobs.batch"] = new("2") });
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j1"), Ns);
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j2"), Ns);

        var (code, status) = await FailureOf(() => Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j3"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Reason, Is.EqualTo("Forbidden"));
            Assert.That(status.Message, Is.EqualTo("jobs.batch \"j3\" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1, used: count/jobs.batch=2, limited: count/jobs.batch=2"));
        });
    }

    [Test]
    public async Task StatusUsedCountsCreatedAndDeletedObjects()
    {
        await CreateQuotaAsync("jobs", new Dictionary<string, ResourceQuantity> { ["count/jobs.batch"] = new("5") });
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j1"), Ns);
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j2"), Ns);
        await Eventually(async () => await UsedAsync("jobs", "count/jobs.batch") == "2", "status.used counts two jobs");

        await Client.BatchV1.DeleteNamespacedJobAsync("j1", Ns, propagationPolicy: "Background");

        await Eventually(async () => await UsedAsync("jobs", "count/jobs.batch") == "1", "status.used counts one job", seconds: 60);
        var quota = await Client.CoreV1.ReadNamespacedResourceQuotaAsync("jobs", Ns);
        Assert.That(quota.Status.Hard["count/jobs.batch"].ToString(), Is.EqualTo("5"));
    }

    [Test]
    public async Task ALimitOfZeroRefusesTheFirstObject()
    {
        await CreateQuotaAsync("none", new Dictionary<string, ResourceQuantity> { ["count/leases.coordination.k8s.io"] = new("0") });
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "me" } };

        var (code, status) = await FailureOf(() => Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo("leases.coordination.k8s.io \"l\" is forbidden: exceeded quota: none, requested: count/leases.coordination.k8s.io=1, used: count/leases.coordination.k8s.io=0, limited: count/leases.coordination.k8s.io=0"));
    }

    private async Task CreateQuotaAsync(string name, IDictionary<string, ResourceQuantity> hard)
    {
        await Client.CoreV1.CreateNamespacedResourceQuotaAsync(new V1ResourceQuota { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1ResourceQuotaSpec { Hard = hard } }, Ns);

        // Admission counts against status.hard, which the quota controller fills in.
        await Eventually(async () => (await Client.CoreV1.ReadNamespacedResourceQuotaAsync(name, Ns)).Status?.Hard?.Count == hard.Count, "the quota's status is computed");
    }

    private async Task<string?> UsedAsync(string name, string key)
    {
        var quota = await Client.CoreV1.ReadNamespacedResourceQuotaAsync(name, Ns);
        return quota.Status?.Used is { } used && used.TryGetValue(key, out var value) ? value.ToString() : null;
    }
}
