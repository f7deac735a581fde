namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Object-count ResourceQuotas (count/RESOURCE and the legacy core names such as pods): enforced on
/// create with the 403 "exceeded quota" text, usage kept in status.
/// </summary>
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

    [Test]
    public async Task ACreateOverThePodCountIsForbiddenWithTheExceededQuotaMessage()
    {
        await CreateQuotaAsync("pods", new Dictionary<string, ResourceQuantity> { ["pods"] = new("1") });
        await Client.BatchV1.CreateNamespacedJobAsync(PodJob("runs", "sleep 3600", "hang"), Ns);
        await Eventually(async () => await UsedAsync("pods", "pods") == "1", "status.used counts the Job's pod", seconds: 120);

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(BarePod("next"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo("pods \"next\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1"));
        });
    }

    /// <summary>"pods" counts the pods that have not finished; count/pods every pod that is stored, finished or not.</summary>
    [Test]
    public async Task AFinishedPodStillCountsForCountPodsButNoLongerForPods()
    {
        await CreateQuotaAsync("pods", new Dictionary<string, ResourceQuantity> { ["count/pods"] = new("1"), ["pods"] = new("1") });
        await Client.BatchV1.CreateNamespacedJobAsync(PodJob("done", "true", "exit:0"), Ns);
        await Eventually(async () => await UsedAsync("pods", "pods") == "0" && await UsedAsync("pods", "count/pods") == "1", "status.used: the finished pod counts for count/pods only", seconds: 120);

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(BarePod("next"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo("pods \"next\" is forbidden: exceeded quota: pods, requested: count/pods=1, used: count/pods=1, limited: count/pods=1"));
        });
    }

    /// <summary>A Job of one pod; the simulator's kubelet runs <paramref name="outcome"/>, a real one <paramref name="command"/>.</summary>
    private static V1Job PodJob(string name, string command, string outcome) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = outcome } },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "task", Image = "busybox:1.36", Command = ["sh", "-c", command] }],
                },
            },
        },
    };

    /// <summary>
    /// A pod created directly, once a Job's pod has run in the namespace (so a real cluster's
    /// ServiceAccount admission has the namespace's "default" account).
    /// </summary>
    private static V1Pod BarePod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Command = ["sleep", "3600"] }],
        },
    };

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
