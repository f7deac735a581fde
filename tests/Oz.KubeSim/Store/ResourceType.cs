namespace Oz.KubeSim.Store;

/// <summary>One served resource: group/version/plural with its discovery facts and schema.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string Singular { get; init; } = Kind.ToLowerInvariant();

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Subresources besides the main endpoint (e.g. status, log).</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];

    /// <summary>Verbs reported in discovery; every resource supports the full CRUD set here.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>openAPIV3Schema of a custom resource version, used for validation and pruning.</summary>
    public JsonObject? Schema { get; init; }

    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>True for resources defined by a CustomResourceDefinition.</summary>
    public bool IsCustom { get; init; }

    /// <summary>The storage version of a custom resource; other served versions share its table.</summary>
    public string StorageVersion { get; init; } = "";

    public bool HasStatus => Subresources.Contains("status");

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    /// <summary>The qualified resource as error messages print it: "jobs.batch", "pods".</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>
    /// Key of the backing table: all versions of a group resource share one table, and resources
    /// that are views of another (events.k8s.io events of core events) name that one's table.
    /// </summary>
    public string TableKey { get; init; } = $"{Group}/{Plural}";

    public string ListKind => Kind + "List";
}
