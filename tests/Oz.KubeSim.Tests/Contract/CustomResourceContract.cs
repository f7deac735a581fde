using static Oz.KubeSim.Tests.Fixtures.TestCrd;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>Custom resources: served from a created CRD, schema validation, status subresource, generation.</summary>
public abstract class CustomResourceContract : ClusterTestBase
{
    [SetUp]
    public Task EnsureCrdAsync() => TestCrd.EnsureAsync(Client);

    private async Task<JsonObject> CreateAsync(JsonObject widget) =>
        AsObject(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, CrdVersion, Ns, Plural));

    private async Task<JsonObject> GetAsync(string name) =>
        AsObject(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, CrdVersion, Ns, Plural, name));

    [Test]
    public async Task ACreatedCrdServesItsCustomResource()
    {
        await CreateAsync(Widget("w1", 3));

        var got = await GetAsync("w1");

        Assert.That(got["spec"]!["size"]!.GetValue<int>(), Is.EqualTo(3));
    }

    [Test]
    public async Task ACreatedCrdBecomesEstablished()
    {
        var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{Plural}.{Group}");

        Assert.That(crd.Status.Conditions.Any(c => c.Type == "Established" && c.Status == "True"), Is.True);
    }

    [Test]
    public async Task AMissingRequiredFieldIs422Invalid()
    {
        var widget = Widget("bad");
        widget["spec"]!.AsObject().Remove("size");

        var (code, status) = await FailureOf(() => CreateAsync(widget));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Reason, Is.EqualTo("Invalid"));
            Assert.That(status.Message, Does.Contain("spec.size: Required value"));
        });
    }

    [Test]
    public async Task AValueOutsideTheEnumIs422Invalid()
    {
        var (code, status) = await FailureOf(() => CreateAsync(Widget("bad", color: "green")));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("spec.color: Unsupported value: \"green\""));
        });
    }

    [Test]
    public async Task AValueOfTheWrongTypeIs422Invalid()
    {
        var widget = Widget("bad");
        widget["spec"]!["size"] = "big";

        var (code, status) = await FailureOf(() => CreateAsync(widget));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("spec.size: Invalid value: \"string\": spec.size in body must be of type integer"));
        });
    }

    [Test]
    public async Task UnknownFieldsArePruned()
    {
        var widget = Widget("pruned");
        widget["spec"]!["unknown"] = "x";

        var created = await CreateAsync(widget);

        Assert.That(created["spec"]!.AsObject().ContainsKey("unknown"), Is.False);
    }

    [Test]
    public async Task CreateIgnoresStatusWhenTheStatusSubresourceIsOn()
    {
        var widget = Widget("s");
        widget["status"] = new JsonObject { ["phase"] = "Done" };

        var created = await CreateAsync(widget);

        Assert.That(created["status"]?["phase"], Is.Null);
    }

    [Test]
    public async Task TheMainEndpointIgnoresStatusChanges()
    {
        var created = await CreateAsync(Widget("m"));
        created["status"] = new JsonObject { ["phase"] = "Done" };

        var replaced = AsObject(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, CrdVersion, Ns, Plural, "m"));

        Assert.That(replaced["status"]?["phase"], Is.Null);
    }

    [Test]
    public async Task TheStatusEndpointChangesOnlyStatus()
    {
        var created = await CreateAsync(Widget("st", 1));
        created["status"] = new JsonObject { ["phase"] = "Done" };
        created["spec"]!["size"] = 9;

        var replaced = AsObject(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(created, Group, CrdVersion, Ns, Plural, "st"));

        Assert.Multiple(() =>
        {
            Assert.That(replaced["status"]!["phase"]!.GetValue<string>(), Is.EqualTo("Done"));
            Assert.That(replaced["spec"]!["size"]!.GetValue<int>(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task GenerationBumpsOnSpecChangeOnly()
    {
        var created = await CreateAsync(Widget("g", 1));
        created["status"] = new JsonObject { ["phase"] = "Running" };
        var afterStatus = AsObject(await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(created, Group, CrdVersion, Ns, Plural, "g"));
        afterStatus["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        var afterLabels = AsObject(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(afterStatus, Group, CrdVersion, Ns, Plural, "g"));
        afterLabels["spec"]!["size"] = 2;
        var afterSpec = AsObject(await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(afterLabels, Group, CrdVersion, Ns, Plural, "g"));

        Assert.Multiple(() =>
        {
            Assert.That(afterStatus["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(afterLabels["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(1));
            Assert.That(afterSpec["metadata"]!["generation"]!.GetValue<long>(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task UpdateOfACustomResourceWithoutResourceVersionIs422()
    {
        var created = await CreateAsync(Widget("norv"));
        created["metadata"]!.AsObject().Remove("resourceVersion");

        var (code, _) = await FailureOf(() => Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, CrdVersion, Ns, Plural, "norv"));

        Assert.That(code, Is.EqualTo(422));
    }

    [Test]
    public async Task MergePatchOfStatusThroughTheStatusSubresource()
    {
        await CreateAsync(Widget("mp"));
        var patch = new V1Patch(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Patched" } }, V1Patch.PatchType.MergePatch);

        await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, Group, CrdVersion, Ns, Plural, "mp");

        Assert.That((await GetAsync("mp"))["status"]!["phase"]!.GetValue<string>(), Is.EqualTo("Patched"));
    }

    [Test]
    public async Task StrategicMergePatchIsUnsupportedForCustomResources()
    {
        await CreateAsync(Widget("smp"));
        var patch = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["size"] = 2 } }, V1Patch.PatchType.StrategicMergePatch);

        var (code, _) = await FailureOf(() => Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, CrdVersion, Ns, Plural, "smp"));

        Assert.That(code, Is.EqualTo(415));
    }
}
