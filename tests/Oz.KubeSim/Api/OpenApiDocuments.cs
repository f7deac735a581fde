using System.Security.Cryptography;
using System.Text;

namespace Oz.KubeSim.Api;

/// <summary>
/// The OpenAPI v3 documents: per resource, the operations that tell kubectl it supports
/// server-side field validation (so it validates on the server instead of downloading schemas);
/// per served CRD version, its schemas (what kubectl explain reads).
/// </summary>
internal static class OpenApiDocuments
{
    /// <summary>
    /// The index. Each URL carries a hash of its document's content, as kube-apiserver's does,
    /// because kubectl caches documents by URL: a changed CRD must get a new URL.
    /// </summary>
    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var (group, version) in registry.All.Select(t => (t.Group, t.Version)).Distinct())
        {
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            var document = GroupVersion(registry, group, version)!;
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? GroupVersion(ResourceRegistry registry, string group, string version)
    {
        var types = registry.All.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in types)
        {
            if (type.IsCustom && type.Schema is not null)
            {
                CrdOpenApiSchemas.Add(schemas, type);
            }

            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var collection = type.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"{prefix}/{type.Plural}";
            paths[collection] = new JsonObject { ["post"] = Operation(type) };
            var patch = Operation(type);
            if (type.IsCustom)
            {
                // As for CRDs on kube-apiserver: no strategic merge patch, so kubectl apply sends a merge patch.
                patch["requestBody"] = new JsonObject
                {
                    ["content"] = new JsonObject
                    {
                        ["application/json-patch+json"] = new JsonObject(),
                        ["application/merge-patch+json"] = new JsonObject(),
                        ["application/apply-patch+yaml"] = new JsonObject(),
                    },
                };
            }

            paths[$"{collection}/{{name}}"] = new JsonObject { ["put"] = Operation(type), ["patch"] = patch };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    private static JsonObject Operation(ResourceType type) => new()
    {
        ["parameters"] = new JsonArray(
            new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
        ["responses"] = new JsonObject(),
        ["x-kubernetes-action"] = "patch",
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
    };
}
