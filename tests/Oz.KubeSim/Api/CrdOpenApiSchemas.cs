namespace Oz.KubeSim.Api;

/// <summary>
/// The components.schemas a kube-apiserver publishes in OpenAPI v3 for one served CRD version,
/// built from its openAPIV3Schema as apiextensions-apiserver's builder does: named by the
/// REST-friendly group-version-kind (group reversed, e.g. <c>dev.warp.oz.v1alpha1.AgentTask</c>),
/// tagged with <c>x-kubernetes-group-version-kind</c> (what kubectl explain looks the kind up by),
/// metadata referring to ObjectMeta, plus the List kind.
/// </summary>
internal static class CrdOpenApiSchemas
{
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public const string ListMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta";

    private const string ApiVersionDescription = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private const string KindDescription = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private const string ObjectMetaDescription = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    private const string ListMetaDescription = "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    /// <summary>The schema name of a kind, e.g. oz.warp.dev/v1alpha1 AgentTask → dev.warp.oz.v1alpha1.AgentTask.</summary>
    public static string SchemaName(string group, string version, string kind) =>
        string.Join('.', group.Split('.').Reverse().Append(version).Append(kind));

    /// <summary>Adds the kind's and its list's schemas (and the metadata they refer to) to <paramref name="schemas"/>.</summary>
    public static void Add(JsonObject schemas, ResourceType type)
    {
        var kindName = SchemaName(type.Group, type.Version, type.Kind);
        var kind = type.Schema?.DeepClone() as JsonObject ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        var properties = kind["properties"] as JsonObject;
        if (properties is null)
        {
            properties = [];
            kind["properties"] = properties;
        }

        properties["apiVersion"] ??= new JsonObject { ["description"] = ApiVersionDescription, ["type"] = "string" };
        properties["kind"] ??= new JsonObject { ["description"] = KindDescription, ["type"] = "string" };
        properties["metadata"] = MetaReference(ObjectMetaName, ObjectMetaDescription);
        kind["x-kubernetes-group-version-kind"] = Gvk(type.Group, type.Version, type.Kind);
        schemas[kindName] = kind;

        schemas[$"{kindName}List"] = new JsonObject
        {
            ["description"] = $"{type.Kind}List is a list of {type.Kind}",
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["description"] = ApiVersionDescription, ["type"] = "string" },
                ["items"] = new JsonObject
                {
                    ["description"] = $"List of {type.Plural}. More info: https://git.k8s.io/community/contributors/devel/api-conventions.md",
                    ["type"] = "array",
                    ["items"] = new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{kindName}" }), ["default"] = new JsonObject() },
                },
                ["kind"] = new JsonObject { ["description"] = KindDescription, ["type"] = "string" },
                ["metadata"] = MetaReference(ListMetaName, ListMetaDescription),
            },
            ["x-kubernetes-group-version-kind"] = Gvk(type.Group, type.Version, $"{type.Kind}List"),
        };

        schemas[ObjectMetaName] ??= ObjectMeta();
        schemas[ListMetaName] ??= ListMeta();
    }

    private static JsonObject MetaReference(string schemaName, string description) => new()
    {
        ["description"] = description,
        ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" }),
        ["default"] = new JsonObject(),
    };

    private static JsonArray Gvk(string group, string version, string kind) =>
        new(new JsonObject { ["group"] = group, ["kind"] = kind, ["version"] = version });

    private static JsonObject ObjectMeta() => new()
    {
        ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["annotations"] = StringMap("Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata."),
            ["creationTimestamp"] = Scalar("string", "CreationTimestamp is a timestamp representing the server time when this object was created.", "date-time"),
            ["deletionTimestamp"] = Scalar("string", "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.", "date-time"),
            ["finalizers"] = new JsonObject
            {
                ["description"] = "Must be empty before the object is deleted from the registry.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "string", ["default"] = "" },
                ["x-kubernetes-list-type"] = "set",
            },
            ["generateName"] = Scalar("string", "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided."),
            ["generation"] = Scalar("integer", "A sequence number representing a specific generation of the desired state.", "int64"),
            ["labels"] = StringMap("Map of string keys and values that can be used to organize and categorize (scope and select) objects."),
            ["name"] = Scalar("string", "Name must be unique within a namespace."),
            ["namespace"] = Scalar("string", "Namespace defines the space within which each name must be unique."),
            ["ownerReferences"] = new JsonObject
            {
                ["description"] = "List of objects depended by this object.",
                ["type"] = "array",
                ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                ["x-kubernetes-list-map-keys"] = new JsonArray("uid"),
                ["x-kubernetes-list-type"] = "map",
                ["x-kubernetes-patch-merge-key"] = "uid",
                ["x-kubernetes-patch-strategy"] = "merge",
            },
            ["resourceVersion"] = Scalar("string", "An opaque value that represents the internal version of this object."),
            ["uid"] = Scalar("string", "UID is the unique in time and space value for this object."),
        },
    };

    private static JsonObject ListMeta() => new()
    {
        ["description"] = "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["continue"] = Scalar("string", "continue may be set if the user set a limit on the number of items returned."),
            ["remainingItemCount"] = Scalar("integer", "remainingItemCount is the number of subsequent items in the list which are not included in this list response.", "int64"),
            ["resourceVersion"] = Scalar("string", "String that identifies the server's internal version of this object."),
        },
    };

    private static JsonObject Scalar(string type, string description, string? format = null)
    {
        var schema = new JsonObject { ["description"] = description, ["type"] = type };
        if (format is not null)
        {
            schema["format"] = format;
        }

        return schema;
    }

    private static JsonObject StringMap(string description) => new()
    {
        ["description"] = description,
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["default"] = "" },
    };
}
