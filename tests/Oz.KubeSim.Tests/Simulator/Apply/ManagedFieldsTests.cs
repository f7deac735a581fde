using Oz.KubeSim.Apply;
using Oz.KubeSim.Store;

namespace Oz.KubeSim.Tests.Simulator.Apply;

/// <summary>The field sets and merges behind server-side apply, on plain JSON (no server).</summary>
public sealed class ManagedFieldsTests
{
    private const string Now = "2026-01-01T00:00:00Z";

    private static JsonObject Pod(params string[] containers) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "p" },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = c + ":1", ["args"] = new JsonArray("a", "b") })]),
        },
    };

    private static string FieldsV1Of(JsonObject obj, string manager) =>
        ((JsonArray)obj["metadata"]!["managedFields"]!).OfType<JsonObject>().Single(e => e["manager"]!.GetValue<string>() == manager)["fieldsV1"]!.ToJsonString();

    [Test]
    public void ContainersAreKeyedByNameAndTheirArgsAreAtomic()
    {
        var fields = FieldsV1.From(ObjectFields.Of(Pod("c"), SchemaCursor.For(null, builtIn: true)).All);

        var expected = JsonNode.Parse("""{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:args":{},"f:image":{},"f:name":{}}}}}""");
        Assert.That(JsonNode.DeepEquals(fields, expected), Is.True, fields.ToJsonString());
    }

    [Test]
    public void FieldsV1RoundTripsThroughItsTrie()
    {
        var paths = ObjectFields.Of(Pod("c", "d"), SchemaCursor.For(null, builtIn: true)).All.ToHashSet();

        Assert.That(FieldsV1.Parse(FieldsV1.From(paths)), Is.EquivalentTo(paths));
    }

    [Test]
    public void ConflictPathsPrintAsFieldpathDoes()
    {
        var path = string.Join(FieldPaths.Separator, "f:spec", "f:containers", "k:{\"name\":\"c\"}", "f:image");

        Assert.That(FieldPaths.Display(path), Is.EqualTo(".spec.containers[name=\"c\"].image"));
    }

    [Test]
    public void TwoAppliersOfDifferentContainersBothKeepTheirs()
    {
        var live = Pod("a");
        ServerSideApply.RecordCreate(BuiltInResources.Pods, live, "first", Now);

        var merged = ServerSideApply.Apply(BuiltInResources.Pods, live, Pod("b"), "second", force: false, null, Now);

        Assert.That(((JsonArray)merged["spec"]!["containers"]!).Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void AnApplierDroppingItsOnlyContainerRemovesIt()
    {
        var live = Pod("a");
        ServerSideApply.RecordCreate(BuiltInResources.Pods, live, "first", Now);
        live = ServerSideApply.Apply(BuiltInResources.Pods, live, Pod("b"), "second", force: false, null, Now);

        var merged = ServerSideApply.Apply(BuiltInResources.Pods, live, Pod(), "second", force: false, null, Now);

        Assert.That(((JsonArray)merged["spec"]!["containers"]!).Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void AStatusWriteIsRecordedWithItsSubresource()
    {
        var type = new ResourceType("kubesim.test", "v1", "widgets", "Widget", true) { Subresources = ["status"], IsCustom = true };
        var old = new JsonObject { ["apiVersion"] = "kubesim.test/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" }, ["spec"] = new JsonObject { ["size"] = 1 } };
        var next = (JsonObject)old.DeepClone();
        next["status"] = new JsonObject { ["phase"] = "Ready" };

        ManagedFields.RecordUpdate(type, old, next, "operator", "status", Now);

        var entry = ManagedFields.Read(next).Single();
        Assert.Multiple(() =>
        {
            Assert.That(entry.Subresource, Is.EqualTo("status"));
            Assert.That(FieldsV1Of(next, "operator"), Is.EqualTo("""{"f:status":{".":{},"f:phase":{}}}"""));
            Assert.That(next["metadata"]!["managedFields"]![0]!["subresource"]!.GetValue<string>(), Is.EqualTo("status"));
        });
    }

    [Test]
    public void AnUpdateThatChangesNothingRecordsNothing()
    {
        var obj = Pod("a");
        var same = (JsonObject)obj.DeepClone();

        ManagedFields.RecordUpdate(BuiltInResources.Pods, obj, same, "idle", null, Now);

        Assert.That(same["metadata"]!.AsObject().ContainsKey("managedFields"), Is.False);
    }
}
