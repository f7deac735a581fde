using System.Text.Json;

namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>A small CRD (widgets.kubesim.test) with a status subresource, printer columns and a validated schema.</summary>
public static class TestCrd
{
    public const string Group = "kubesim.test";
    public const string CrdVersion = "v1";
    public const string Plural = "widgets";

    public static V1CustomResourceDefinition Definition() => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{Plural}.{Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = Plural, Singular = "widget", Kind = "Widget", ShortNames = ["wd"] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = CrdVersion,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns =
                    [
                        new V1CustomResourceColumnDefinition { Name = "Size", Type = "integer", JsonPath = ".spec.size" },
                        new V1CustomResourceColumnDefinition { Name = "Phase", Type = "string", JsonPath = ".status.phase" },
                        new V1CustomResourceColumnDefinition { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" },
                    ],
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Required = ["size"],
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["size"] = new() { Type = "integer", Minimum = 0 },
                                        ["color"] = new() { Type = "string", EnumProperty = ["red", "blue"] },
                                        ["tags"] = new() { Type = "array", Items = new V1JSONSchemaProps { Type = "string" } },
                                    },
                                },
                                ["status"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps> { ["phase"] = new() { Type = "string" } },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };

    /// <summary>Creates the CRD if needed and waits until widgets can be listed.</summary>
    public static async Task EnsureAsync(IKubernetes client)
    {
        await CrdInstaller.EnsureServedAsync(client, Definition(), Group, CrdVersion, Plural);
    }

    public static JsonObject Widget(string name, int size = 1, string? color = null)
    {
        var spec = new JsonObject { ["size"] = size };
        if (color is not null)
        {
            spec["color"] = color;
        }

        return new JsonObject
        {
            ["apiVersion"] = $"{Group}/{CrdVersion}",
            ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>Converts a generic-client result (a JsonElement) to a JsonObject.</summary>
    public static JsonObject AsObject(object result) => result switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText())!.AsObject(),
        JsonObject obj => obj,
        _ => JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject(),
    };
}
