namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Server-side apply: managedFields per manager and operation, ownership, removal of fields an
/// applier gave up, conflicts (409) and force.
/// </summary>
public abstract class ServerSideApplyContract : ClusterTestBase
{
    private static string Config(string name, IDictionary<string, string> data, IDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject([.. labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]);
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = metadata,
            ["data"] = new JsonObject([.. data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]),
        }.ToJsonString();
    }

    private Task<V1ConfigMap> ApplyAsync(string name, IDictionary<string, string> data, string manager, bool force = false, IDictionary<string, string>? labels = null) =>
        Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(Config(name, data, labels), V1Patch.PatchType.ApplyPatch), name, Ns, fieldManager: manager, force: force ? true : null);

    private static Dictionary<string, string> Data(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static JsonObject FieldsOf(V1ConfigMap cm, string manager, string operation) =>
        JsonNode.Parse(KubernetesJson.Serialize(cm.Metadata.ManagedFields.Single(m => m.Manager == manager && m.Operation == operation).FieldsV1))!.AsObject();

    [Test]
    public async Task AnApplyRecordsAnApplyEntryOwningTheAppliedFields()
    {
        var applied = await ApplyAsync("a", Data("k=1"), "alice", labels: new Dictionary<string, string> { ["app"] = "x" });

        var entry = applied.Metadata.ManagedFields.Single(m => m.Manager == "alice");
        var fields = FieldsOf(applied, "alice", "Apply");
        Assert.Multiple(() =>
        {
            Assert.That(entry.Operation, Is.EqualTo("Apply"));
            Assert.That(entry.ApiVersion, Is.EqualTo("v1"));
            Assert.That(entry.FieldsType, Is.EqualTo("FieldsV1"));
            Assert.That(entry.Time, Is.Not.Null);
            Assert.That(fields["f:data"]!.AsObject().ContainsKey("f:k"), Is.True);
            Assert.That(fields["f:metadata"]!["f:labels"]!.AsObject().ContainsKey("f:app"), Is.True);
        });
    }

    [Test]
    public async Task ACreateWithAFieldManagerRecordsAnUpdateEntry()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("u"), Ns, fieldManager: "bob");

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.ManagedFields.Single().Manager, Is.EqualTo("bob"));
            Assert.That(created.Metadata.ManagedFields.Single().Operation, Is.EqualTo("Update"));
            Assert.That(FieldsOf(created, "bob", "Update")["f:data"]!.AsObject().ContainsKey("f:k"), Is.True);
        });
    }

    [Test]
    public async Task AnUpdateByAnotherManagerTakesTheChangedFields()
    {
        await ApplyAsync("t", Data("a=1", "b=1"), "alice");
        var cm = await Client.CoreV1.ReadNamespacedConfigMapAsync("t", Ns);
        cm.Data["b"] = "2";

        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "t", Ns, fieldManager: "editor");

        Assert.Multiple(() =>
        {
            Assert.That(FieldsOf(updated, "editor", "Update")["f:data"]!.AsObject().ContainsKey("f:b"), Is.True);
            Assert.That(FieldsOf(updated, "alice", "Apply")["f:data"]!.AsObject().ContainsKey("f:b"), Is.False);
        });
    }

    [Test]
    public async Task ApplyingAgainWithFewerFieldsRemovesTheFieldsOnlyThatManagerOwned()
    {
        await ApplyAsync("r", Data("a=1", "b=1"), "alice");

        var reapplied = await ApplyAsync("r", Data("a=1"), "alice");

        Assert.That(reapplied.Data, Is.EqualTo(Data("a=1")));
    }

    [Test]
    public async Task AFieldAnotherManagerAlsoOwnsIsKeptWhenTheApplierDropsIt()
    {
        await ApplyAsync("s", Data("a=1", "b=1"), "alice");
        await ApplyAsync("s", Data("b=1"), "bob");

        var reapplied = await ApplyAsync("s", Data("a=1"), "alice");

        Assert.That(reapplied.Data, Is.EqualTo(Data("a=1", "b=1")));
    }

    [Test]
    public async Task AnApplyChangingAFieldAnotherApplierOwnsIsAConflict()
    {
        await ApplyAsync("c", Data("k=1"), "alice");

        var (code, status) = await FailureOf(() => ApplyAsync("c", Data("k=2"), "bob"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(409));
            Assert.That(status!.Reason, Is.EqualTo("Conflict"));
            Assert.That(status.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"alice\": .data.k"));
            Assert.That(status.Details.Causes.Single().Field, Is.EqualTo(".data.k"));
        });
    }

    [Test]
    public async Task AConflictWithAnUpdateManagerNamesItsApiVersion()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("e", value: "1"), Ns, fieldManager: "editor");

        var (code, status) = await FailureOf(() => ApplyAsync("e", Data("k=2"), "alice"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(409));
            Assert.That(status!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"editor\" using v1: .data.k"));
        });
    }

    [Test]
    public async Task SeveralConflictsAreListedPerManager()
    {
        await ApplyAsync("m", Data("a=1", "b=1"), "alice");

        var (_, status) = await FailureOf(() => ApplyAsync("m", Data("a=2", "b=2"), "bob"));

        Assert.That(status!.Message, Is.EqualTo("Apply failed with 2 conflicts: conflicts with \"alice\":\n- .data.a\n- .data.b"));
    }

    [Test]
    public async Task ApplyingTheSameValueSharesOwnershipWithoutConflict()
    {
        await ApplyAsync("same", Data("k=1"), "alice");

        var shared = await ApplyAsync("same", Data("k=1"), "bob");

        Assert.Multiple(() =>
        {
            Assert.That(FieldsOf(shared, "alice", "Apply")["f:data"]!.AsObject().ContainsKey("f:k"), Is.True);
            Assert.That(FieldsOf(shared, "bob", "Apply")["f:data"]!.AsObject().ContainsKey("f:k"), Is.True);
        });
    }

    [Test]
    public async Task ForceTakesOwnershipOfConflictingFields()
    {
        await ApplyAsync("f", Data("k=1", "other=1"), "alice");

        var forced = await ApplyAsync("f", Data("k=2"), "bob", force: true);

        Assert.Multiple(() =>
        {
            Assert.That(forced.Data["k"], Is.EqualTo("2"));
            Assert.That(FieldsOf(forced, "bob", "Apply")["f:data"]!.AsObject().ContainsKey("f:k"), Is.True);
            Assert.That(FieldsOf(forced, "alice", "Apply")["f:data"]!.AsObject().ContainsKey("f:k"), Is.False);
        });
    }

    [Test]
    public async Task AFieldAnApplierLostToForceIsNotRemovedWhenItStopsApplyingIt()
    {
        await ApplyAsync("lost", Data("k=1", "a=1"), "alice");
        await ApplyAsync("lost", Data("k=2"), "bob", force: true);

        var reapplied = await ApplyAsync("lost", Data("a=1"), "alice");

        Assert.That(reapplied.Data, Is.EqualTo(Data("a=1", "k=2")));
    }

    [Test]
    public async Task AnApplyWithoutAFieldManagerIsAnInvalidPatchOptions()
    {
        var (code, status) = await FailureOf(() => Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(Config("nf", Data("k=1")), V1Patch.PatchType.ApplyPatch), "nf", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Reason, Is.EqualTo("Invalid"));
            Assert.That(status.Message, Is.EqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"));
            Assert.That(status.Details.Kind, Is.EqualTo("PatchOptions"));
            Assert.That(status.Details.Causes.Single().Field, Is.EqualTo("fieldManager"));
        });
    }

    [Test]
    public async Task AnUnchangedReapplyKeepsTheResourceVersion()
    {
        var first = await ApplyAsync("same-rv", Data("k=1"), "alice");

        var second = await ApplyAsync("same-rv", Data("k=1"), "alice");

        Assert.That(second.Metadata.ResourceVersion, Is.EqualTo(first.Metadata.ResourceVersion));
    }
}
