namespace Oz.KubeSim.Tests.Contract;

/// <summary>Finalizers, propagation policies and garbage collection through ownerReferences.</summary>
public abstract class DeletionContract : ClusterTestBase
{
    [Test]
    public async Task AFinalizerKeepsTheObjectWithADeletionTimestampUntilRemoved()
    {
        var cm = ConfigMap("fin");
        cm.Metadata.Finalizers = ["kubesim.test/hold"];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("fin", Ns);
        var pending = await Client.CoreV1.ReadNamespacedConfigMapAsync("fin", Ns);
        pending.Metadata.Finalizers = [];
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(pending, "fin", Ns);

        var (code, _) = await FailureOf(() => Client.CoreV1.ReadNamespacedConfigMapAsync("fin", Ns));
        Assert.Multiple(() =>
        {
            Assert.That(pending.Metadata.DeletionTimestamp, Is.Not.Null);
            Assert.That(code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task SettingTheDeletionTimestampBumpsTheGeneration()
    {
        var cm = ConfigMap("gen");
        cm.Metadata.Finalizers = ["kubesim.test/hold"];
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("gen", Ns);

        var pending = await Client.CoreV1.ReadNamespacedConfigMapAsync("gen", Ns);
        Assert.That(pending.Metadata.Generation, Is.EqualTo(created.Metadata.Generation + 1));
    }

    [Test]
    public async Task AddingAFinalizerToAnObjectBeingDeletedIsRefused()
    {
        var cm = ConfigMap("no-new");
        cm.Metadata.Finalizers = ["kubesim.test/hold"];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("no-new", Ns);
        var pending = await Client.CoreV1.ReadNamespacedConfigMapAsync("no-new", Ns);
        pending.Metadata.Finalizers.Add("kubesim.test/late");

        var (code, status) = await FailureOf(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(pending, "no-new", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Is.EqualTo("ConfigMap \"no-new\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"kubesim.test/late\"}"));
        });
    }

    private async Task<(V1ConfigMap Owner, V1ConfigMap Dependent)> OwnedPairAsync()
    {
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), Ns);
        var dependent = ConfigMap("dependent");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }];
        return (owner, await Client.CoreV1.CreateNamespacedConfigMapAsync(dependent, Ns));
    }

    [Test]
    public async Task BackgroundDeletionGarbageCollectsDependents()
    {
        await OwnedPairAsync();

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", Ns, propagationPolicy: "Background");

        await Eventually(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=dependent")).Items.Count == 0, "dependent deleted", 30);
    }

    [Test]
    public async Task OrphanDeletionKeepsDependentsWithoutTheOwnerReference()
    {
        await OwnedPairAsync();

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", Ns, propagationPolicy: "Orphan");

        await Eventually(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=owner")).Items.Count == 0, "owner deleted", 30);
        var dependent = await Client.CoreV1.ReadNamespacedConfigMapAsync("dependent", Ns);
        Assert.That(dependent.Metadata.OwnerReferences ?? [], Is.Empty);
    }

    [Test]
    public async Task ForegroundDeletionRemovesDependentsBeforeTheOwner()
    {
        await OwnedPairAsync();

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", Ns, propagationPolicy: "Foreground");

        await Eventually(async () => (await Client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.All(i => i.Metadata.Name is not ("owner" or "dependent")), "both deleted", 30);
    }
}
