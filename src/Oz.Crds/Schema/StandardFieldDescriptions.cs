namespace Oz.Crds.Schema;

/// <summary>
/// The descriptions every custom resource gives its standard fields (apiVersion, kind, metadata,
/// as the API conventions word them) and its status, written once for all the resource types.
/// </summary>
internal static class StandardFieldDescriptions
{
    public const string ApiVersion = "APIVersion defines the versioned schema of this representation of an object. Servers should convert "
        + "recognized schemas to the latest internal value, and may reject unrecognized values. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";

    public const string Kind = "Kind is a string value representing the REST resource this object represents. Servers may infer this "
        + "from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    public const string Metadata = "Standard object metadata. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    public const string Status = "What the operator observed. Written only by the operator, through the status subresource.";
}
