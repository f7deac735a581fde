using System.Net.Http.Json;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>The OpenAPI v3 index and group-version documents, as kubectl (explain, apply) reads them.</summary>
public sealed class OpenApiDocumentTests : SimulatorTestBase
{
    private static string Crd(string group, string fieldDescription) => $$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.{{group}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1beta1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                description: A gadget.
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer, description: "{{fieldDescription}}"}
        """;

    private async Task<JsonObject> GetAsync(string relativeUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Sim.Url) };
        return (await http.GetFromJsonAsync<JsonObject>(relativeUrl))!;
    }

    private async Task<string> DocumentUrlAsync(string group) =>
        (await GetAsync("/openapi/v3"))["paths"]!["apis/" + group + "/v1beta1"]!["serverRelativeURL"]!.GetValue<string>();

    [Test]
    public async Task ACrdVersionsDocumentHasItsKindAndListSchemasNamedAndTaggedAsKubeApiserverDoes()
    {
        Sim.LoadYaml(Crd("schemas.kubesim.test", "How big."));

        var document = await GetAsync(await DocumentUrlAsync("schemas.kubesim.test"));

        var schemas = document["components"]!["schemas"]!.AsObject();
        var kind = schemas["test.kubesim.schemas.v1beta1.Gadget"]!;
        var list = schemas["test.kubesim.schemas.v1beta1.GadgetList"]!;
        Assert.Multiple(() =>
        {
            Assert.That(kind["x-kubernetes-group-version-kind"]!.ToJsonString(), Is.EqualTo("""[{"group":"schemas.kubesim.test","kind":"Gadget","version":"v1beta1"}]"""));
            Assert.That(kind["properties"]!["spec"]!["properties"]!["size"]!["description"]!.GetValue<string>(), Is.EqualTo("How big."));
            Assert.That(kind["properties"]!["metadata"]!["allOf"]![0]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
            Assert.That(schemas.ContainsKey("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), Is.True);
            Assert.That(list["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>(), Is.EqualTo("GadgetList"));
            Assert.That(list["properties"]!["items"]!["items"]!["allOf"]![0]!["$ref"]!.GetValue<string>(), Is.EqualTo("#/components/schemas/test.kubesim.schemas.v1beta1.Gadget"));
        });
    }

    [Test]
    public async Task ChangingACrdSchemaChangesItsDocumentUrlSoKubectlsCacheIsNotStale()
    {
        Sim.LoadYaml(Crd("hashes.kubesim.test", "Before."));
        var before = await DocumentUrlAsync("hashes.kubesim.test");

        var patch = """[{"op": "replace", "path": "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/size/description", "value": "After."}]""";
        await Client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(new V1Patch(patch, V1Patch.PatchType.JsonPatch), "gadgets.hashes.kubesim.test");
        var after = await DocumentUrlAsync("hashes.kubesim.test");

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.Not.EqualTo(before));
            Assert.That(after, Does.StartWith("/openapi/v3/apis/hashes.kubesim.test/v1beta1?hash="));
        });
    }

    [Test]
    public async Task ACrdPatchOperationOffersNoStrategicMergePatchSoKubectlApplySendsAMergePatch()
    {
        Sim.LoadYaml(Crd("patches.kubesim.test", "How big."));

        var document = await GetAsync(await DocumentUrlAsync("patches.kubesim.test"));

        var content = document["paths"]!["/apis/patches.kubesim.test/v1beta1/namespaces/{namespace}/gadgets/{name}"]!["patch"]!["requestBody"]!["content"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(content.ContainsKey("application/merge-patch+json"), Is.True);
            Assert.That(content.ContainsKey("application/strategic-merge-patch+json"), Is.False);
        });
    }
}
